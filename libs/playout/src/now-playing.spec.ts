import { buildNowPlaying, type NowPlayingInputs, nowPlayingSignature } from './now-playing';
import { type PlayoutChannel } from './playout-channels';

const channel: PlayoutChannel = {
  id: 'c1',
  slug: 'batik-tv',
  name: 'Batik TV',
  kind: 'tv',
  preset: 'tv-default',
  timezone: 'Asia/Jakarta',
  logoUrl: null,
  isPublic: true,
  stationId: 's1',
  stationName: 'LPPL Kota Pekalongan',
  fillerAssetId: null,
  fillerPlaylistId: null,
  slateAssetId: 'slate',
  takeover: null,
};
const at = Date.parse('2026-12-01T01:00:30Z');
const programme = {
  id: 'p1',
  title: 'Kabar Pekalongan Pagi',
  host: 'Rina',
  description: null,
  category: 'Berita',
  artworkUrl: null,
  language: 'id',
};

function inputs(overrides: Partial<NowPlayingInputs> = {}): NowPlayingInputs {
  return {
    channel,
    publicBaseUrl: 'https://siaran.example',
    at,
    item: {
      id: 'i1',
      channelId: 'c1',
      kind: 'programme',
      reason: 'scheduled',
      entryId: 'e1',
      occurrenceKey: 'e1@2026-12-01T01:00:00.000Z',
      liveInputId: null,
      standsInFor: null,
      assetId: 'a1',
      title: programme.title,
      programme,
      song: null,
      playlistId: null,
      startedAt: new Date('2026-12-01T01:00:00Z'),
      endedAt: new Date('2026-12-01T01:01:00Z'),
      skippedAt: null,
    },
    itemEndsAt: Date.parse('2026-12-01T01:30:00Z'),
    nextAirs: null,
    upcoming: [
      {
        entryId: 'e1',
        occurrenceKey: 'e1@2026-12-01T01:00:00.000Z',
        start: new Date('2026-12-01T01:00:00Z'),
        end: new Date('2026-12-01T01:30:00Z'),
        programme,
        source: { kind: 'asset', assetId: 'a1' },
      },
      {
        entryId: 'e2',
        occurrenceKey: 'e2@x',
        start: new Date('2026-12-01T01:30:00Z'),
        end: new Date('2026-12-01T02:00:00Z'),
        programme: { ...programme, id: 'p2', title: 'Dangdut' },
        source: { kind: 'asset', assetId: 'a2' },
      },
      {
        entryId: 'e3',
        occurrenceKey: 'e3@x',
        start: new Date('2026-12-01T02:00:00Z'),
        end: new Date('2026-12-01T03:00:00Z'),
        programme: { ...programme, id: 'p3', title: 'Keroncong' },
        source: { kind: 'none' },
      },
    ],
    readyAssets: new Set(['a1', 'a2']),
    listeners: 4,
    liveFeed: null,
    history: [],
    ...overrides,
  };
}

describe('buildNowPlaying', () => {
  it('reports the programme on air, with times, and what comes next', () => {
    const value = buildNowPlaying(inputs());
    expect(value.channel).toEqual({
      id: 'c1',
      slug: 'batik-tv',
      name: 'Batik TV',
      kind: 'tv',
      logo_url: null,
      timezone: 'Asia/Jakarta',
      hls_url: 'https://siaran.example/live/batik-tv/master.m3u8',
      player_url: 'https://siaran.example/watch/batik-tv',
    });
    expect(value.is_online).toBe(true);
    expect(value.live).toEqual({ is_live: false, input: null, streamer_name: null, broadcast_start: null });
    expect(value.now_playing).toMatchObject({
      entry_id: 'e1',
      title: 'Kabar Pekalongan Pagi',
      elapsed: 30,
      remaining: 1770,
      source: { kind: 'asset' },
    });
    expect(value.now_playing?.programme).toEqual({
      id: 'p1',
      title: 'Kabar Pekalongan Pagi',
      host: 'Rina',
      description: null,
      category: 'Berita',
      artwork_url: null,
    });
    expect(value.playing_next.map((n) => [n.title, n.source_ready])).toEqual([
      ['Dangdut', true],
      ['Keroncong', false],
    ]);
    expect(value.listeners).toEqual({ current: 4 });
  });

  it('says filler airs, and why', () => {
    const base = inputs();
    const value = buildNowPlaying({
      ...base,
      item: { ...base.item!, kind: 'filler', reason: 'source-not-ready', programme: null, title: 'Ident Batik TV' },
      itemEndsAt: null,
    });
    expect(value.now_playing).toMatchObject({
      title: 'Ident Batik TV',
      programme: null,
      ends_at: null,
      remaining: null,
      source: { kind: 'filler', reason: 'source-not-ready' },
    });
  });

  it('names the programme filler stands in for, and the next one at the boundary it airs from', () => {
    const base = inputs();
    const value = buildNowPlaying({
      ...base,
      item: {
        ...base.item!,
        kind: 'filler',
        reason: 'source-not-ready',
        programme: null,
        title: 'Ident Batik TV',
        occurrenceKey: null,
        standsInFor: 'e1@2026-12-01T01:00:00.000Z>2026-12-01T01:00:00.000Z',
      },
      at: Date.parse('2026-12-01T01:30:01Z'),
      itemEndsAt: Date.parse('2026-12-01T01:30:01.880Z'),
      nextAirs: { startedAt: Date.parse('2026-12-01T01:30:01.880Z'), occurrenceKey: 'e2@x>2026-12-01T01:30:00.000Z' },
    });
    expect(value.now_playing?.stands_in_for).toEqual({
      entry_id: 'e1',
      title: 'Kabar Pekalongan Pagi',
      starts_at: '2026-12-01T01:00:00.000Z',
      ends_at: '2026-12-01T01:30:00.000Z',
    });
    expect(value.playing_next.map((n) => [n.title, n.starts_at])).toEqual([
      ['Dangdut', '2026-12-01T01:30:01.880Z'],
      ['Keroncong', '2026-12-01T02:00:00.000Z'],
    ]);
    expect(buildNowPlaying(inputs()).now_playing?.stands_in_for).toBeNull();
  });

  it('names the live input on air, its presenter and the track the studio sends', () => {
    const base = inputs();
    const value = buildNowPlaying({
      ...base,
      item: { ...base.item!, kind: 'live', liveInputId: 'in1', assetId: 'rec1' },
      liveFeed: {
        inputId: 'in1',
        channelId: 'c1',
        inputName: 'Studio 1',
        assetId: 'rec1',
        airWhenConnected: false,
        segments: [],
        session: { startedAt: new Date('2026-12-01T00:58:00Z'), streamerName: 'Mas Bayu', title: 'Kopi Dangdut' },
      },
    });
    expect(value.live).toEqual({
      is_live: true,
      input: { id: 'in1', name: 'Studio 1' },
      streamer_name: 'Mas Bayu',
      broadcast_start: '2026-12-01T01:00:00.000Z',
    });
    expect(value.now_playing).toMatchObject({
      source: { kind: 'live', reason: 'scheduled' },
      song: { title: 'Kopi Dangdut' },
    });
    const retitled = buildNowPlaying({
      ...base,
      item: { ...base.item!, kind: 'live', liveInputId: 'in1', assetId: 'rec1' },
      liveFeed: null,
    });
    expect(nowPlayingSignature(retitled)).not.toBe(nowPlayingSignature(value));
  });

  it("gives a song of a music block its own span, and the block's span beside it", () => {
    const base = inputs();
    const value = buildNowPlaying({
      ...base,
      item: {
        ...base.item!,
        song: { artist: 'Rhoma Irama', title: 'Begadang', album: null, isrc: null, art: null },
        playlistId: 'pl1',
        startedAt: new Date('2026-12-01T01:00:12Z'),
      },
      itemEndsAt: Date.parse('2026-12-01T01:00:54Z'),
      block: { startedAt: Date.parse('2026-12-01T01:00:00Z'), endsAt: Date.parse('2026-12-01T01:30:00Z') },
    });
    expect(value.now_playing).toMatchObject({
      started_at: '2026-12-01T01:00:12.000Z',
      ends_at: '2026-12-01T01:00:54.000Z',
      song: { text: 'Rhoma Irama - Begadang' },
      block: { started_at: '2026-12-01T01:00:00.000Z', ends_at: '2026-12-01T01:30:00.000Z' },
    });
    expect(buildNowPlaying(base).now_playing?.block).toBeNull();
    const later = buildNowPlaying({ ...base, block: { startedAt: Date.parse('2026-12-01T01:00:00Z'), endsAt: null } });
    expect(nowPlayingSignature(later)).not.toBe(nowPlayingSignature(value));
  });

  it('is offline when nothing airs', () => {
    const value = buildNowPlaying(inputs({ item: null, itemEndsAt: null }));
    expect(value.is_online).toBe(false);
    expect(value.now_playing).toBeNull();
  });

  it('changes its signature at a boundary but not as time passes', () => {
    const first = buildNowPlaying(inputs());
    const later = buildNowPlaying(inputs({ at: at + 10_000, listeners: 9 }));
    expect(nowPlayingSignature(later)).toBe(nowPlayingSignature(first));
    const base = inputs();
    const next = buildNowPlaying({ ...base, item: { ...base.item!, id: 'i2' } });
    expect(nowPlayingSignature(next)).not.toBe(nowPlayingSignature(first));
  });
});
