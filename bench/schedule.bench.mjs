// Schedule expansion and the now/next endpoint, each beside a baseline:
// 1. one week of 50 channels x 30 weekly/daily/monthly entries, expanded by Siaran's
//    expander and by the rrule package;
// 2. GET /api/v1/channels/:slug/schedule/now under autocannon (100 connections) against the
//    built all-in-one with the demo data, beside GET /health/live of the same process.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ALL_IN_ONE, freePort, ROOT, start, table, waitFor } from './support.mjs';

const require = createRequire(import.meta.url);
const { RRule } = require('rrule');
const { parseRecurrenceRule } = require(join(ROOT, 'dist/libs/scheduling/src/recurrence/recurrence-rule.js'));
const { seriesOf } = require(join(ROOT, 'dist/libs/scheduling/src/recurrence/series.js'));
const { PlannedEntry } = require(join(ROOT, 'dist/libs/scheduling/src/schedule/planned-entry.js'));
const { TimeZone } = require(join(ROOT, 'dist/libs/scheduling/src/time/time-zone.js'));
const { parseWallTime } = require(join(ROOT, 'dist/libs/scheduling/src/time/wall-time.js'));

const CHANNELS = 50;
const ENTRIES = 30;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const DAY = 86_400_000;
const RULES = [
  'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  'FREQ=DAILY',
  'FREQ=WEEKLY;BYDAY=FR',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR,SA,SU',
  'FREQ=MONTHLY;BYDAY=2FR',
  'FREQ=DAILY;INTERVAL=3',
];

/** 30 entries per channel, started over the past year, one hour each at distinct hours. */
function makeChannels() {
  const zone = TimeZone.of('Asia/Jakarta');
  const channels = [];
  for (let c = 0; c < CHANNELS; c += 1) {
    const entries = [];
    for (let e = 0; e < ENTRIES; e += 1) {
      const text = RULES[e % RULES.length];
      const rule = parseRecurrenceRule(text);
      // 2025-12-12 is the second Friday of its month, so every rule fires on it.
      const startWall =
        parseWallTime(`2025-12-12T${String(e % 24).padStart(2, '0')}:00:00`) + Math.floor(e / 24) * 30 * 60_000;
      entries.push({
        text,
        startWall,
        planned: new PlannedEntry(`c${c}e${e}`, seriesOf(startWall, rule, zone), 1_800_000),
      });
    }
    channels.push(entries);
  }
  return { zone, channels };
}

function measure(label, run, rounds = 20) {
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

function expansionBenchmark() {
  const { zone, channels } = makeChannels();
  const from = Date.parse('2026-12-07T00:00:00+07:00');
  const to = from + 7 * DAY;
  const siaran = measure('Siaran expander', () =>
    channels.reduce(
      (sum, entries) => sum + entries.reduce((n, e) => n + e.planned.expand(zone, from, to).length, 0),
      0,
    ),
  );
  const rrule = measure('rrule package (baseline)', () =>
    channels.reduce(
      (sum, entries) =>
        sum +
        entries.reduce(
          (n, e) =>
            n +
            new RRule({ ...RRule.parseString(e.text), dtstart: new Date(e.startWall) }).between(
              new Date(from + 7 * 3_600_000),
              new Date(to + 7 * 3_600_000 - 1),
              true,
            ).length,
          0,
        ),
      0,
    ),
  );
  console.log(`\nExpanding one week of ${CHANNELS} channels x ${ENTRIES} recurring entries (median of 20):`);
  table([siaran, rrule].map((r) => ({ expander: r.label, 'ms per week': r.ms.toFixed(2), occurrences: r.count })));
  console.log(`ratio rrule / Siaran: ${(rrule.ms / siaran.ms).toFixed(1)}x faster`);
}

async function load(url, connections = 100) {
  const result = await autocannon({ url, connections, duration: DURATION_S });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    errors: result.errors + result.non2xx,
  };
}

async function endpointBenchmark() {
  const root = mkdtempSync(join(tmpdir(), 'siaran-bench-schedule-'));
  chmodSync(root, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const run = start([ALL_IN_ONE], {
    DATA_DIR: join(root, 'var'),
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    DEMO_DATA: 'true',
    ADMIN_PASSWORD: 'bench-admin-password',
    LOG_LEVEL: 'warn',
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/health/ready`);
    const now = `http://127.0.0.1:${port}/api/v1/channels/batik-tv/schedule/now`;
    const check = await fetch(now);
    if (check.status !== 200 || !(await check.json()).current) throw new Error('the demo channel has nothing on now');
    await load(now);
    const rows = [];
    for (const connections of [100, 10]) {
      for (const [label, url] of [
        ['GET /api/v1/channels/batik-tv/schedule/now', now],
        ['GET /health/live (baseline)', `http://127.0.0.1:${port}/health/live`],
      ]) {
        const r = await load(url, connections);
        rows.push({
          endpoint: label,
          connections,
          'req/s': Math.round(r.rps),
          'p50 ms': r.p50,
          'p99 ms': r.p99,
          errors: r.errors,
        });
      }
    }
    console.log(
      `\nautocannon, ${DURATION_S} s each, built all-in-one with the demo data (load generator, server and PostgreSQL share this machine):`,
    );
    table(rows);
    for (const i of [0, 2]) {
      console.log(
        `ratio now / health at ${rows[i].connections} connections: ${(rows[i]['req/s'] / rows[i + 1]['req/s']).toFixed(2)}x the requests per second, ${(rows[i]['p99 ms'] / Math.max(1, rows[i + 1]['p99 ms'])).toFixed(2)}x the p99`,
      );
    }
    console.log(
      `targets at 100 connections: p99 under 20 ms (${rows[0]['p99 ms'] < 20 ? 'met' : 'NOT met'}), over 3000 req/s (${rows[0]['req/s'] > 3000 ? 'met' : 'NOT met'})`,
    );
  } finally {
    run.child.kill('SIGINT');
    await run.exited;
    rmSync(root, { recursive: true, force: true });
  }
}

expansionBenchmark();
await endpointBenchmark();
