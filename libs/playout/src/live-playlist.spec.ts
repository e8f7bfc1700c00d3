import * as HLS from 'hls-parser';
import { type MediaPlaylist } from 'hls-parser/types';
import { type PlaylistSegment, renderLivePlaylist } from './live-playlist';

HLS.setOptions({ strictMode: true });

const T = Date.UTC(2026, 11, 1, 12, 0, 0);

const segments: PlaylistSegment[] = [
  {
    msn: 120,
    startAt: T,
    durationMs: 6000,
    discontinuity: true,
    discontinuitySeq: 7,
    uri: '/media/assets/a/tv-default/720p/seg-00010.ts',
  },
  {
    msn: 121,
    startAt: T + 6000,
    durationMs: 2360,
    discontinuity: false,
    discontinuitySeq: 7,
    uri: '/media/assets/a/tv-default/720p/seg-00011.ts',
  },
  {
    msn: 122,
    startAt: T + 8360,
    durationMs: 6000,
    discontinuity: true,
    discontinuitySeq: 8,
    uri: '/media/assets/b/tv-default/720p/seg-00000.ts',
    itemStart: { id: 'c0ffee', title: 'Kabar "Pekalongan" Pagi', kind: 'programme' },
  },
];

describe('renderLivePlaylist', () => {
  const text = renderLivePlaylist(segments, { targetDurationS: 6 });

  it('writes the exact live playlist', () => {
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:6',
        '#EXT-X-MEDIA-SEQUENCE:120',
        '#EXT-X-DISCONTINUITY-SEQUENCE:6',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-01T12:00:00.000Z',
        '#EXTINF:6.000,',
        '/media/assets/a/tv-default/720p/seg-00010.ts',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-01T12:00:06.000Z',
        '#EXTINF:2.360,',
        '/media/assets/a/tv-default/720p/seg-00011.ts',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-DATERANGE:ID="c0ffee",CLASS="org.siaran.item",START-DATE="2026-12-01T12:00:08.360Z",X-SIARAN-KIND="programme",X-SIARAN-TITLE="Kabar  Pekalongan  Pagi"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-01T12:00:08.360Z',
        '#EXTINF:6.000,',
        '/media/assets/b/tv-default/720p/seg-00000.ts',
        '',
      ].join('\n'),
    );
  });

  it('parses in strict mode as a live media playlist', () => {
    const playlist = HLS.parse(text) as MediaPlaylist;
    expect(playlist.isMasterPlaylist).toBe(false);
    expect(playlist.endlist).toBe(false);
    expect(playlist.playlistType).toBeUndefined();
    expect(playlist.mediaSequenceBase).toBe(120);
    expect(playlist.discontinuitySequenceBase).toBe(6);
    expect(playlist.segments.map((s) => Boolean(s.discontinuity))).toEqual([true, false, true]);
    expect(playlist.segments.map((s) => s.programDateTime?.toISOString())).toEqual([
      '2026-12-01T12:00:00.000Z',
      '2026-12-01T12:00:06.000Z',
      '2026-12-01T12:00:08.360Z',
    ]);
  });

  it('numbers discontinuities from the first listed segment when it carries none', () => {
    const later = renderLivePlaylist(segments.slice(1), { targetDurationS: 6 });
    expect(later).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:7\n');
    expect((HLS.parse(later) as MediaPlaylist).discontinuitySequenceBase).toBe(7);
  });

  it('refuses an empty window', () => {
    expect(() => renderLivePlaylist([], { targetDurationS: 6 })).toThrow();
  });
});
