import { NO_RULES, type PlayedItem, Rotation, type RotationItem, type RotationPlaylist, sequenceAt } from './rotation';

const MINUTE = 60_000;
const song = (n: number, artist: string | null = `artist ${n}`, kind = 'music'): RotationItem => ({
  assetId: `a${n}`,
  artist,
  kind,
  weight: 1,
  durationMs: 3 * MINUTE,
});
const playlist = (items: RotationItem[], rest: Partial<RotationPlaylist> = {}): RotationPlaylist => ({
  id: 'p',
  order: 'in-order',
  items,
  rules: NO_RULES,
  ...rest,
});

/** Picks `count` items three minutes apart, recording each. */
function run(rotation: Rotation, count: number, from = 0): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = from + i * 3 * MINUTE;
    const pick = rotation.next(at);
    if (!pick) break;
    ids.push(pick.item.assetId);
    rotation.record({ ...pick.item, startedAt: at, playlistId: 'p' });
  }
  return ids;
}

describe('Rotation', () => {
  it('plays an in-order playlist in order, again and again', () => {
    expect(run(new Rotation(playlist([song(1), song(2), song(3)]), 's'), 7)).toEqual([
      'a1',
      'a2',
      'a3',
      'a1',
      'a2',
      'a3',
      'a1',
    ]);
  });

  it('continues an in-order playlist after the last item its history played', () => {
    const history: PlayedItem[] = [{ assetId: 'a2', artist: null, kind: 'music', startedAt: 0, playlistId: 'p' }];
    expect(run(new Rotation(playlist([song(1), song(2), song(3)]), 's', history), 2, MINUTE)).toEqual(['a3', 'a1']);
  });

  it('plays every item of a shuffled playlist once per pass, in an order the seed fixes', () => {
    const items = Array.from({ length: 10 }, (_, i) => song(i));
    const first = run(new Rotation(playlist(items, { order: 'shuffled' }), 'seed-1'), 20);
    expect(new Set(first.slice(0, 10)).size).toBe(10);
    expect(new Set(first.slice(10)).size).toBe(10);
    expect(run(new Rotation(playlist(items, { order: 'shuffled' }), 'seed-1'), 20)).toEqual(first);
    expect(run(new Rotation(playlist(items, { order: 'shuffled' }), 'seed-2'), 20)).not.toEqual(first);
    expect(first.slice(0, 10)).not.toEqual(items.map((item) => item.assetId));
  });

  it('draws a weighted playlist in proportion to the weights', () => {
    const items = [
      { ...song(1), weight: 9 },
      { ...song(2), weight: 1 },
    ];
    const picks = run(new Rotation(playlist(items, { order: 'weighted' }), 'w'), 2000);
    const heavy = picks.filter((id) => id === 'a1').length;
    expect(heavy).toBeGreaterThan(1700);
    expect(heavy).toBeLessThan(1900);
  });

  it('keeps an item and an artist apart by their minutes', () => {
    const items = [song(1, 'Rhoma'), song(2, 'Rhoma'), song(3, 'Elvy'), song(4, 'Iwan')];
    const rules = { itemSeparationMinutes: 9, artistSeparationMinutes: 6, kindLimitsPerHour: {} };
    const picks = run(new Rotation(playlist(items, { rules }), 's'), 8);
    expect(picks).toEqual(['a1', 'a3', 'a4', 'a1', 'a3', 'a4', 'a1', 'a3']);
  });

  it('limits the items of a kind per hour', () => {
    const items = [song(1, null, 'ident'), song(2), song(3)];
    const rules = { itemSeparationMinutes: null, artistSeparationMinutes: null, kindLimitsPerHour: { ident: 1 } };
    const picks = run(new Rotation(playlist(items, { rules }), 's'), 20);
    expect(picks.filter((id) => id === 'a1')).toHaveLength(1);
  });

  it('relaxes rules it cannot keep in the documented order, and says which', () => {
    const items = [song(1, 'Rhoma'), song(2, 'Rhoma'), song(3, 'Rhoma')];
    const rotation = new Rotation(
      playlist(items, {
        rules: { itemSeparationMinutes: 60, artistSeparationMinutes: 60, kindLimitsPerHour: { music: 1 } },
      }),
      's',
    );
    const relaxations: string[][] = [];
    for (let i = 0; i < 5; i += 1) {
      const at = i * 3 * MINUTE;
      const pick = rotation.next(at);
      if (!pick) throw new Error('no pick');
      relaxations.push(pick.relaxed);
      rotation.record({ ...pick.item, startedAt: at, playlistId: 'p' });
    }
    expect(relaxations).toEqual([
      [],
      ['kind-limit', 'artist-separation'],
      ['kind-limit', 'artist-separation'],
      ['kind-limit', 'artist-separation', 'item-separation'],
      ['kind-limit', 'artist-separation', 'item-separation'],
    ]);
  });

  it('airs the item heard longest ago when no rule can be kept', () => {
    const rules = { itemSeparationMinutes: 600, artistSeparationMinutes: null, kindLimitsPerHour: {} };
    expect(run(new Rotation(playlist([song(1), song(2)], { rules }), 's'), 6)).toEqual([
      'a1',
      'a2',
      'a1',
      'a2',
      'a1',
      'a2',
    ]);
  });

  it('has nothing to pick from an empty playlist', () => {
    expect(new Rotation(playlist([]), 's').next(0)).toBeNull();
  });
});

describe('sequenceAt', () => {
  const items = [1, 2, 3, 4, 5].map((n) => song(n));
  const at = (list: RotationPlaylist, positions: number) =>
    Array.from({ length: positions }, (_, k) => sequenceAt(list, 'channel', k)?.assetId);

  it('goes round a playlist in order', () => {
    expect(at(playlist(items), 7)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a1', 'a2']);
  });

  it('airs every item once per pass when shuffled, each pass in its own order, the same for the same seed', () => {
    const shuffled = playlist(items, { order: 'shuffled' });
    const sequence = at(shuffled, 15);
    for (let pass = 0; pass < 3; pass += 1)
      expect([...sequence.slice(pass * 5, pass * 5 + 5)].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(sequence.slice(0, 5)).not.toEqual(sequence.slice(5, 10));
    expect(at(shuffled, 15)).toEqual(sequence);
    expect(sequenceAt(shuffled, 'channel', 12)?.assetId).toBe(sequence[12]);
  });

  it('draws by weight, and gives nothing for an empty playlist', () => {
    const weighted = playlist([{ ...song(1), weight: 9 }, song(2)], { order: 'weighted' });
    const counts = at(weighted, 1000).reduce<Record<string, number>>(
      (sum, id) => ({ ...sum, [id as string]: (sum[id as string] ?? 0) + 1 }),
      {},
    );
    expect(counts.a1).toBeGreaterThan(800);
    expect(counts.a2).toBeGreaterThan(50);
    expect(sequenceAt(playlist([]), 'channel', 3)).toBeNull();
  });
});
