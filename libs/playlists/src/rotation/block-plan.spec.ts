import { type BlockItem, type InsertRule, planBlock } from './block-plan';
import { NO_RULES, Rotation, type RotationItem, type RotationRules } from './rotation';

const MINUTE = 60_000;
const START = Date.UTC(2026, 11, 7, 3, 0, 0);

const songs = (count: number, durationMs = 3 * MINUTE): RotationItem[] =>
  Array.from({ length: count }, (_, i) => ({
    assetId: `song${i}`,
    artist: `artist ${i % 7}`,
    kind: 'music',
    weight: 1,
    durationMs: durationMs + (i % 5) * 10_000,
  }));
const ids = (count: number): RotationItem[] =>
  Array.from({ length: count }, (_, i) => ({
    assetId: `id${i}`,
    artist: null,
    kind: 'ident',
    weight: 1,
    durationMs: 10_000,
  }));

function block(rule: InsertRule | null, hours = 2, music = songs(20)): BlockItem[] {
  return planBlock({
    start: START,
    end: START + hours * 60 * MINUTE,
    music: new Rotation({ id: 'music', order: 'shuffled', items: music, rules: NO_RULES }, 'seed'),
    inserts: rule && {
      rule,
      rotation: new Rotation({ id: 'ids', order: 'in-order', items: ids(2), rules: NO_RULES }, 'seed'),
    },
    zoneOffsetMs: 7 * 60 * MINUTE,
  });
}

describe('planBlock', () => {
  it('fills the slot back to back, the last item reaching past its end', () => {
    const items = block(null);
    items.slice(1).forEach((item, i) => expect(item.startAt).toBe(items[i].startAt + items[i].durationMs));
    expect(items[0].startAt).toBe(START);
    const last = items.at(-1) as BlockItem;
    expect(last.startAt).toBeLessThan(START + 120 * MINUTE);
    expect(last.startAt + last.durationMs).toBeGreaterThanOrEqual(START + 120 * MINUTE);
  });

  it('puts an insert every 15 minutes at the item boundary nearest its time', () => {
    const items = block({ every: 'minutes', minutes: 15 });
    const inserts = items.filter((item) => item.insert);
    expect(inserts).toHaveLength(7);
    inserts.forEach((insert, k) => {
      const mark = START + (k + 1) * 15 * MINUTE;
      const index = items.indexOf(insert);
      const before = items[index - 1];
      const after = items[index + 1];
      // No other boundary next to it is nearer the mark.
      expect(Math.abs(insert.startAt - mark)).toBeLessThanOrEqual(Math.abs(before.startAt - mark));
      expect(Math.abs(insert.startAt - mark)).toBeLessThanOrEqual(Math.abs(after.startAt + after.durationMs - mark));
      expect(Math.abs(insert.startAt - mark)).toBeLessThan(4 * MINUTE);
    });
    expect(inserts.map((insert) => insert.assetId)).toEqual(['id0', 'id1', 'id0', 'id1', 'id0', 'id1', 'id0']);
  });

  it('airs no insert for a mark at the end of the block: the block is over there', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const items = planBlock({
        start: START,
        end: START + 30 * MINUTE,
        music: new Rotation({ id: 'music', order: 'shuffled', items: songs(20), rules: NO_RULES }, `seed ${seed}`),
        inserts: {
          rule: { every: 'minutes', minutes: 30 },
          rotation: new Rotation({ id: 'ids', order: 'in-order', items: ids(2), rules: NO_RULES }, 'seed'),
        },
        zoneOffsetMs: 7 * 60 * MINUTE,
      });
      expect(items.filter((item) => item.insert)).toEqual([]);
    }
  });

  it('puts an insert after every N items', () => {
    const items = block({ every: 'items', items: 4 }, 1);
    expect(items.map((item) => (item.insert ? 'I' : 'm')).join('')).toMatch(/^(mmmmI)+m{0,4}$/);
  });

  it('puts an insert at minute M of every hour of the channel zone', () => {
    const items = block({ every: 'hour', minute: 30 }, 3);
    const inserts = items.filter((item) => item.insert);
    expect(inserts).toHaveLength(3);
    inserts.forEach((insert, k) =>
      expect(Math.abs(insert.startAt - (START + (30 + 60 * k) * MINUTE))).toBeLessThan(2 * MINUTE),
    );
  });

  it('ends at once from an empty playlist', () => {
    expect(block({ every: 'minutes', minutes: 15 }, 2, [])).toEqual([]);
  });

  it('is the same plan for the same seed', () => {
    expect(block({ every: 'minutes', minutes: 15 })).toEqual(block({ every: 'minutes', minutes: 15 }));
  });
});

/** A small seeded generator, so a failing case can be replayed from its number. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    maybe: <T>(value: T): T | null => (next() < 0.5 ? value : null),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)],
  };
}

/** The rules an item's pick claims to have kept but broke, checked against the items planned before it. */
function brokenRules(
  items: readonly BlockItem[],
  catalogue: Map<string, RotationItem>,
  rules: RotationRules,
): string[] {
  const broken: string[] = [];
  const reach = Math.max(rules.itemSeparationMinutes ?? 0, rules.artistSeparationMinutes ?? 0, 60) * MINUTE;
  items.forEach((item, index) => {
    if (item.insert) return;
    const me = catalogue.get(item.assetId) as RotationItem;
    const artist = me.artist?.toLowerCase();
    const limit = rules.kindLimitsPerHour[me.kind];
    let sameKindInHour = 0;
    for (let k = index - 1; k >= 0 && item.startAt - items[k].startAt < reach; k -= 1) {
      const other = items[k];
      const meta = catalogue.get(other.assetId) as RotationItem;
      const apart = item.startAt - other.startAt;
      const { itemSeparationMinutes: itemMinutes, artistSeparationMinutes: artistMinutes } = rules;
      if (!item.relaxed.includes('item-separation') && itemMinutes !== null)
        if (other.assetId === item.assetId && apart < itemMinutes * MINUTE)
          broken.push(`item ${index}: item separation`);
      if (!item.relaxed.includes('artist-separation') && artistMinutes !== null && artist !== undefined)
        if (meta.artist?.toLowerCase() === artist && apart < artistMinutes * MINUTE)
          broken.push(`item ${index}: artist separation`);
      if (meta.kind === me.kind && apart < 60 * MINUTE) sameKindInHour += 1;
    }
    if (!item.relaxed.includes('kind-limit') && limit !== undefined && sameKindInHour >= limit)
      broken.push(`item ${index}: kind limit`);
  });
  return broken;
}

describe('planBlock, property', () => {
  it('finishes every one of 10,000 random playlists and rules, keeping every rule it did not relax', () => {
    const kinds = ['music', 'ident', 'announcement'];
    const failures: string[] = [];
    for (let run = 1; run <= 10_000; run += 1) {
      const random = generator(run);
      const music: RotationItem[] = Array.from({ length: random.int(0, 25) }, (_, i) => ({
        assetId: `m${i}`,
        artist: random.maybe(random.pick(['Rhoma Irama', 'rhoma irama', 'Elvy Sukaesih', 'Iwan Fals', 'Nella'])),
        kind: random.pick(kinds),
        weight: random.int(1, 10),
        durationMs: random.int(1, 480) * 1000,
      }));
      const rules: RotationRules = {
        itemSeparationMinutes: random.maybe(random.int(0, 180)),
        artistSeparationMinutes: random.maybe(random.int(0, 120)),
        kindLimitsPerHour: random.maybe({ [random.pick(kinds)]: random.int(0, 12) }) ?? {},
      };
      const insertRules: InsertRule[] = [
        { every: 'minutes', minutes: random.int(1, 60) },
        { every: 'items', items: random.int(1, 10) },
        { every: 'hour', minute: random.int(0, 59) },
      ];
      const start = START + random.int(0, 86_400) * 1000;
      const end = start + random.int(1, 6 * 60) * MINUTE;
      const order = random.pick(['in-order', 'shuffled', 'weighted'] as const);
      const items = planBlock({
        start,
        end,
        music: new Rotation({ id: 'music', order, items: music, rules }, `run${run}`),
        inserts: random.maybe({
          rule: random.pick(insertRules),
          rotation: new Rotation(
            { id: 'ids', order: 'in-order', items: ids(random.int(0, 3)), rules: NO_RULES },
            `run${run}`,
          ),
        }),
        zoneOffsetMs: 7 * 60 * MINUTE,
      });
      const last = items.at(-1);
      const problems =
        music.length === 0
          ? items.map(() => 'an item from an empty playlist')
          : [
              ...(last && last.startAt + last.durationMs >= end ? [] : ['the block ends early']),
              ...items
                .slice(1)
                .flatMap((item, i) =>
                  item.startAt === items[i].startAt + items[i].durationMs ? [] : [`a gap before item ${i + 1}`],
                ),
              ...brokenRules(items, new Map([...music, ...ids(3)].map((item) => [item.assetId, item])), rules),
            ];
      failures.push(...problems.map((problem) => `run ${run}: ${problem}`));
    }
    expect(failures).toEqual([]);
  });
});
