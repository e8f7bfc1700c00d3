import { parse, setOptions } from 'hls-parser';
import type { MasterPlaylist, MediaPlaylist } from 'hls-parser/types';
import {
  durationsOnBoundaries,
  endsInSliver,
  renderMultivariantPlaylist,
  renderVodMediaPlaylist,
  targetDuration,
} from './hls-playlists';

describe('HLS playlists', () => {
  beforeAll(() => setOptions({ strictMode: true }));
  afterAll(() => setOptions({ strictMode: false }));

  it('renders a VOD media playlist that strict hls-parser accepts', () => {
    const text = renderVodMediaPlaylist([
      { uri: 'seg-00000.ts', durationMs: 6000 },
      { uri: 'seg-00001.ts', durationMs: 6000 },
      { uri: 'seg-00002.ts', durationMs: 2040 },
    ]);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-TARGETDURATION:6',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXTINF:6.000,',
        'seg-00000.ts',
        '#EXTINF:6.000,',
        'seg-00001.ts',
        '#EXTINF:2.040,',
        'seg-00002.ts',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    const playlist = parse(text) as MediaPlaylist;
    expect(playlist.playlistType).toBe('VOD');
    expect(playlist.endlist).toBe(true);
    expect(playlist.segments.map((s) => s.duration)).toEqual([6, 6, 2.04]);
  });

  it('keeps the target duration at or above every rounded segment duration', () => {
    expect(targetDuration([{ durationMs: 6016 }, { durationMs: 5995 }])).toBe(6);
    expect(targetDuration([{ durationMs: 6600 }])).toBe(7);
  });

  it('renders a multivariant playlist with every attribute Apple asks for', () => {
    const text = renderMultivariantPlaylist([
      {
        uri: '720p/index.m3u8',
        bandwidth: 3600000,
        averageBandwidth: 3200000,
        codecs: 'avc1.64001f,mp4a.40.2',
        resolution: { width: 1280, height: 720 },
        frameRate: 25,
      },
      { uri: 'audio-64k/index.m3u8', bandwidth: 70000, averageBandwidth: 68000, codecs: 'mp4a.40.2' },
    ]);
    expect(text).toContain(
      '#EXT-X-STREAM-INF:BANDWIDTH=3600000,AVERAGE-BANDWIDTH=3200000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=25.000\n720p/index.m3u8\n',
    );
    const playlist = parse(text) as MasterPlaylist;
    expect(playlist.variants.map((v) => [v.uri, v.bandwidth, v.averageBandwidth, v.codecs, v.frameRate])).toEqual([
      ['720p/index.m3u8', 3600000, 3200000, 'avc1.64001f,mp4a.40.2', 25],
      ['audio-64k/index.m3u8', 70000, 68000, 'mp4a.40.2', undefined],
    ]);
  });

  it('rounds durations on boundaries so their sum never drifts', () => {
    const aacSegments = [6.016, 5.994667, 5.994667, 5.994667, 6.016, 5.994667, 5.994667, 5.994667];
    const ms = durationsOnBoundaries(aacSegments);
    expect(ms.reduce((a, b) => a + b, 0)).toBe(Math.round(aacSegments.reduce((a, b) => a + b, 0) * 1000));
    expect(ms.slice(0, 4)).toEqual([6016, 5995, 5994, 5995]);
    expect(durationsOnBoundaries([6, 6, 1.5])).toEqual([6000, 6000, 1500]);
  });

  it('folds a trailing AAC sliver into the segment before, never a genuine short end', () => {
    expect(endsInSliver([6016, 21], 6)).toBe(true);
    expect(endsInSliver([6016, 5995, 21], 6)).toBe(true);
    expect(endsInSliver([6000, 2000], 6)).toBe(false);
    expect(endsInSliver([6000, 1000], 6)).toBe(false);
    expect(endsInSliver([21], 6)).toBe(false);
    expect(endsInSliver([6016, 3000], 6)).toBe(false);
  });
});
