import * as HLS from 'hls-parser';
import type { MediaPlaylist } from 'hls-parser/types';
import type { OverrideOnAir } from '@siaran/emergency';
import { emergencyProblems, playlistAlertsOf } from './emergency-source';
import { renderLivePlaylist } from './live-playlist';

const T0 = Date.UTC(2026, 11, 5, 5, 0, 0);

const crawl = (overrides: Partial<OverrideOnAir> = {}): OverrideOnAir => ({
  id: 'b1e7c1a2-0000-4000-8000-000000000001',
  scope: { kind: 'all' },
  mode: 'crawl',
  source: null,
  messageId: 'Banjir rob di pesisir Pekalongan. Hindari jalan pantura.',
  messageEn: 'Tidal flood on the Pekalongan coast.',
  severity: 'severe',
  startsAt: new Date(T0 + 4000),
  expiresAt: new Date(T0 + 3_600_000),
  cards: new Map(),
  ...overrides,
});

describe('emergency overrides in live playlists', () => {
  it('marks an override with a DATERANGE of the Siaran class that validates in hls-parser strict mode', () => {
    HLS.setOptions({ strictMode: true });
    const [alert] = playlistAlertsOf([crawl()]);
    const text = renderLivePlaylist(
      [0, 1, 2].map((i) => ({
        msn: 10 + i,
        startAt: T0 + i * 6000,
        durationMs: 6000,
        discontinuity: false,
        discontinuitySeq: 0,
        uri: `/media/seg-${i}.ts`,
        ...(i === 0 ? { alerts: [alert] } : {}),
      })),
      { targetDurationS: 6 },
    );
    expect(text.split('\n')).toContain(
      `#EXT-X-DATERANGE:ID="${alert.id}",CLASS="org.siaran.emergency",START-DATE="2026-12-05T05:00:04.000Z",END-DATE="2026-12-05T06:00:00.000Z",X-SEVERITY="severe",X-MESSAGE="Banjir rob di pesisir Pekalongan. Hindari jalan pantura.",X-MESSAGE-EN="Tidal flood on the Pekalongan coast."`,
    );
    const playlist = HLS.parse(text) as MediaPlaylist;
    expect(playlist.segments[0].dateRange).toMatchObject({
      classId: 'org.siaran.emergency',
      attributes: { 'X-SEVERITY': 'severe', 'X-MESSAGE': 'Banjir rob di pesisir Pekalongan. Hindari jalan pantura.' },
    });
  });

  it('gives an override a new DATERANGE id whenever what players show of it changes', () => {
    const [first] = playlistAlertsOf([crawl()]);
    const [same] = playlistAlertsOf([crawl()]);
    const [changed] = playlistAlertsOf([crawl({ messageId: 'Banjir meluas.' })]);
    const [ended] = playlistAlertsOf([crawl({ expiresAt: new Date(T0 + 60_000) })]);
    expect(same.id).toBe(first.id);
    expect(new Set([first.id, changed.id, ended.id]).size).toBe(3);
    expect(first.id).toMatch(/^emergency-b1e7c1a2-0000-4000-8000-000000000001-[0-9a-f]{8}$/);
  });

  it('tells health why a takeover does not air as asked', () => {
    const takeover = (source: OverrideOnAir['source']) => crawl({ mode: 'takeover', source });
    const fallback = { kind: 'emergency', reason: 'emergency-fallback' };
    expect(emergencyProblems(fallback, [takeover({ kind: 'asset', assetId: 'a' })], 'tv-default')[0].code).toBe(
      'EMERGENCY_SOURCE_NOT_READY',
    );
    expect(emergencyProblems(fallback, [takeover({ kind: 'live', liveInputId: 'i' })], 'tv-default')[0].code).toBe(
      'EMERGENCY_LIVE_ABSENT',
    );
    expect(emergencyProblems(fallback, [takeover({ kind: 'generated' })], 'tv-default')).toEqual([]);
    expect(
      emergencyProblems(
        { kind: 'filler', reason: 'nothing-scheduled' },
        [takeover({ kind: 'generated' })],
        'tv-default',
      )[0].code,
    ).toBe('EMERGENCY_NOT_AIRING');
    expect(emergencyProblems({ kind: 'filler', reason: 'nothing-scheduled' }, [crawl()], 'tv-default')).toEqual([]);
  });
});
