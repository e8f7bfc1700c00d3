import { type Occurrence } from '../schedule/schedule-types';
import { parseInstant, parseRange } from './instants';
import { renderM3u } from './m3u';
import { escapeXml, type GuideChannel, renderXmltv } from './xmltv';
import { TimeZone } from '../time/time-zone';

const channel = (overrides: Partial<GuideChannel> = {}): GuideChannel => ({
  xmltvId: 'batik-tv.siaran',
  slug: 'batik-tv',
  name: 'Batik TV',
  kind: 'tv',
  language: 'id',
  logoUrl: 'https://cdn.example/batik.png',
  stationName: 'LPPL Kota Pekalongan',
  streamUrl: 'https://tv.example/live/batik-tv/master.m3u8',
  timezone: 'Asia/Jakarta',
  ...overrides,
});

const occurrence = (start: string, end: string, programme: Partial<Occurrence['programme']> = {}): Occurrence => ({
  entryId: 'e1',
  occurrenceKey: `e1@${start}`,
  originalStart: start,
  start: new Date(start),
  end: new Date(end),
  programme: {
    id: 'p1',
    title: 'Kabar Pekalongan',
    description: null,
    host: null,
    category: null,
    artworkUrl: null,
    language: 'id',
    ...programme,
  },
  source: { kind: 'none' },
});

describe('XMLTV', () => {
  it('writes channels, then programmes with times in the channel offset, title, desc, presenter, category and icon', () => {
    const xml = renderXmltv(
      [
        {
          channel: channel(),
          occurrences: [
            occurrence('2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z', {
              title: 'Dialog <Wali Kota> & Warga',
              description: 'Tanya "jawab"',
              host: 'Rizky',
              category: 'Dialog',
              artworkUrl: 'https://cdn.example/d.png',
            }),
          ],
        },
        { channel: channel({ xmltvId: 'rkb.siaran', name: 'RKB' }), occurrences: [] },
      ],
      { name: 'Siaran 0.1.0', url: 'https://tv.example' },
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tv SYSTEM "xmltv.dtd">',
        '<tv source-info-name="Siaran" source-info-url="https://tv.example" generator-info-name="Siaran 0.1.0">',
        '  <channel id="batik-tv.siaran">',
        '    <display-name lang="id">Batik TV</display-name>',
        '    <icon src="https://cdn.example/batik.png"/>',
        '  </channel>',
        '  <programme start="20261201190000 +0700" stop="20261201200000 +0700" channel="batik-tv.siaran">',
        '    <title lang="id">Dialog &lt;Wali Kota&gt; &amp; Warga</title>',
        '    <desc lang="id">Tanya &quot;jawab&quot;</desc>',
        '    <credits>',
        '      <presenter>Rizky</presenter>',
        '    </credits>',
        '    <category lang="id">Dialog</category>',
        '    <icon src="https://cdn.example/d.png"/>',
        '  </programme>',
        '</tv>',
        '',
      ].join('\n'),
    );
  });

  it('leaves out empty descriptions and control characters', () => {
    expect(
      renderXmltv(
        [
          {
            channel: channel({ logoUrl: null }),
            occurrences: [occurrence('2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z', { description: '  ' })],
          },
        ],
        { name: 'S', url: 'u' },
      ),
    ).not.toContain('<desc');
    expect(escapeXml('a\u0007b\u000bc\n')).toBe('abc\n');
  });

  it('drops what XML 1.0 forbids or XMLTV readers refuse: U+FFFE, U+FFFF, lone surrogates, C1 controls; keeps the rest', () => {
    expect(escapeXml('a\uFFFEb\uFFFFc\uD800d\uDC00e\u0000f\u0085g\u007Fh\uFDD0i')).toBe('abcdefghi');
    expect(escapeXml('Kabar \u{1F4FA} \u00E9\t<1>')).toBe('Kabar \u{1F4FA} \u00E9\t&lt;1&gt;');
  });
});

describe('M3U', () => {
  it('keeps each channel on its two lines whatever line breaks its names hold', () => {
    const breaks = 'a\u000Bb\u000Cc\u0085d\u2028e\u2029f\r\ng';
    const text = renderM3u([channel({ name: breaks, stationName: breaks })], 'https://tv.example/epg.xml');
    expect(text.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/u)).toEqual([
      '#EXTM3U x-tvg-url="https://tv.example/epg.xml"',
      '#EXTINF:-1 tvg-id="batik-tv.siaran" tvg-name="a b c d e f g" tvg-logo="https://cdn.example/batik.png" group-title="a b c d e f g",a b c d e f g',
      'https://tv.example/live/batik-tv/master.m3u8',
      '',
    ]);
  });

  it('writes the guide URL, and per channel tvg-id, name, logo, group and radio flag', () => {
    expect(
      renderM3u(
        [
          channel(),
          channel({
            xmltvId: 'rkb.siaran',
            name: 'Radio "Kota" Batik',
            kind: 'radio',
            logoUrl: null,
            streamUrl: 'https://tv.example/live/rkb/master.m3u8',
          }),
        ],
        'https://tv.example/epg.xml',
      ),
    ).toBe(
      [
        '#EXTM3U x-tvg-url="https://tv.example/epg.xml"',
        '#EXTINF:-1 tvg-id="batik-tv.siaran" tvg-name="Batik TV" tvg-logo="https://cdn.example/batik.png" group-title="LPPL Kota Pekalongan",Batik TV',
        'https://tv.example/live/batik-tv/master.m3u8',
        '#EXTINF:-1 tvg-id="rkb.siaran" tvg-name="Radio \'Kota\' Batik" group-title="LPPL Kota Pekalongan" radio="true",Radio "Kota" Batik',
        'https://tv.example/live/rkb/master.m3u8',
        '',
      ].join('\n'),
    );
  });
});

describe('ranges of the schedule read', () => {
  const wib = TimeZone.of('Asia/Jakarta');
  it('reads instants with offsets, and dates as midnight in the channel zone', () => {
    expect(parseInstant('2026-12-01', wib, 'from').toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(parseInstant('2026-12-01T19:00:00+07:00', wib, 'from').toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(parseInstant('2026-12-01T12:00Z', wib, 'from').toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(parseRange('2026-12-01', '2027-01-01', wib).to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });
});
