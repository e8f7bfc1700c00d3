// Planning a week of playlist blocks: 100 channels, each with 16 hours of music a day in 4-hour
// blocks, filled from its own 1,000-song shuffled playlist under rotation rules (no song again
// within 3 hours, no artist within 30 minutes) with a station ID every 15 minutes. Beside it,
// the baseline: the same blocks filled in order with no rules and no inserts. Target: under 1 s.
import { join } from 'node:path';
import { ROOT, table } from './support.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { planBlock } = require(join(ROOT, 'dist/libs/playlists/src/rotation/block-plan.js'));
const { NO_RULES, Rotation } = require(join(ROOT, 'dist/libs/playlists/src/rotation/rotation.js'));

const CHANNELS = 100;
const SONGS = 1000;
const DAYS = 7;
const HOUR = 3_600_000;
/** Local hours of each day's music blocks, 4 hours each. */
const BLOCK_STARTS = [5, 10, 14, 20];
const WEEK_START = Date.parse('2026-12-07T00:00:00+07:00');

function songs(channel) {
  return Array.from({ length: SONGS }, (_, i) => ({
    assetId: `c${channel}-song${i}`,
    artist: `artist ${(i * 7 + channel) % 150}`,
    kind: 'music',
    weight: 1,
    durationMs: 150_000 + ((i * 37) % 180) * 1000,
  }));
}

const stationIds = Array.from({ length: 5 }, (_, i) => ({
  assetId: `id${i}`,
  artist: null,
  kind: 'ident',
  weight: 1,
  durationMs: 8000,
}));

const channels = Array.from({ length: CHANNELS }, (_, c) => ({
  music: {
    id: `music${c}`,
    order: 'shuffled',
    items: songs(c),
    rules: { itemSeparationMinutes: 180, artistSeparationMinutes: 30, kindLimitsPerHour: {} },
  },
  plain: { id: `plain${c}`, order: 'in-order', items: songs(c), rules: NO_RULES },
  ids: { id: `ids${c}`, order: 'in-order', items: stationIds, rules: NO_RULES },
}));

/** Every block of the week of every channel; returns the items planned. */
function planWeek(withRules) {
  let items = 0;
  for (const [c, channel] of channels.entries())
    for (let day = 0; day < DAYS; day += 1)
      for (const hour of BLOCK_STARTS) {
        const start = WEEK_START + day * 24 * HOUR + hour * HOUR;
        const key = `c${c}@${start}`;
        items += planBlock({
          start,
          end: start + 4 * HOUR,
          music: new Rotation(withRules ? channel.music : channel.plain, key),
          inserts: withRules
            ? { rule: { every: 'minutes', minutes: 15 }, rotation: new Rotation(channel.ids, key) }
            : null,
          zoneOffsetMs: 7 * HOUR,
        }).length;
      }
  return items;
}

function measure(label, run, rounds = 5) {
  run();
  const times = [];
  let count = 0;
  for (let i = 0; i < rounds; i += 1) {
    const started = performance.now();
    count = run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, ms: times[Math.floor(times.length / 2)], count };
}

const rules = measure('shuffled, rules and station IDs', () => planWeek(true));
const plain = measure('in order, no rules (baseline)', () => planWeek(false));
console.log(
  `\nPlanning one week of ${CHANNELS} channels x ${DAYS * BLOCK_STARTS.length} four-hour blocks from ${SONGS}-song playlists (median of 5):`,
);
table([rules, plain].map((r) => ({ planner: r.label, 'ms per week': r.ms.toFixed(1), items: r.count })));
console.log(
  `ratio with rules / baseline: ${(rules.ms / plain.ms).toFixed(1)}x; target under 1000 ms: ${rules.ms < 1000 ? 'met' : 'NOT met'}`,
);
