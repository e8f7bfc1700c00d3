#!/usr/bin/env node
// CPU time the server spends per request on the hot public routes, for several built checkouts at
// once (e.g. a commit before a refactor and after it): each checkout's all-in-one runs with its
// demo data, and the same number of requests goes to each in turn, alternating the order every
// round. CPU seconds per request, read from /proc, hardly move with the machine's other load, where
// requests per second do; so this compares revisions on a shared machine.
//
//   node scripts/cpu-per-request.mjs /path/to/checkout-a /path/to/checkout-b
//   ROUNDS=5 AMOUNT=50000 ROUTES=/live/batik-tv/720p.m3u8 node scripts/cpu-per-request.mjs …
//
// Each checkout must be built (`npm run build`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, median, startAllInOne, table, waitFor } from '../bench/support.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const AMOUNT = Number(process.env.AMOUNT ?? 50000);
const ROUTES = (
  process.env.ROUTES ??
  '/api/v1/channels/batik-tv/schedule/now,/live/batik-tv/720p.m3u8,/api/v1/channels/batik-tv/now-playing,/health/live'
).split(',');

const checkouts = process.argv.slice(2);
if (checkouts.length === 0) {
  console.error('usage: node scripts/cpu-per-request.mjs CHECKOUT [CHECKOUT …]');
  process.exit(2);
}

const servers = [];
try {
  for (const checkout of checkouts) {
    const { root, base, app } = await startAllInOne(
      'cpu-per-request',
      // Live ingest off: several checkouts (and whatever else runs here) cannot share its ports.
      { RTMP_PORT: '0', ICECAST_PORT: '0' },
      join(checkout, 'dist/apps/all-in-one/src/main.js'),
    );
    servers.push({ checkout, root, base, app });
  }
  // The demo channels are on air once their slates are made.
  for (const server of servers) await waitFor(`${server.base}/live/batik-tv/720p.m3u8`, 200, 600000);

  const results = new Map();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
      for (const route of ROUTES) {
        const before = cpuSeconds(server.app.child.pid);
        const outcome = await autocannon({ url: `${server.base}${route}`, connections: 50, amount: AMOUNT });
        const perRequest = ((cpuSeconds(server.app.child.pid) - before) * 1e6) / AMOUNT;
        const key = `${route} ${server.checkout}`;
        const runs = results.get(key) ?? { route, checkout: server.checkout, micros: [], failed: 0 };
        runs.micros.push(perRequest);
        runs.failed += outcome.errors + outcome.non2xx;
        results.set(key, runs);
      }
    }
  }
  table(
    [...results.values()].map((r) => ({
      route: r.route,
      checkout: r.checkout,
      'CPU µs per request (median)': median(r.micros).toFixed(1),
      rounds: r.micros.map((m) => m.toFixed(0)).join(' '),
      failed: r.failed,
    })),
  );
} finally {
  for (const server of servers) {
    server.app.child.kill('SIGTERM');
    await server.app.exited;
    rmSync(server.root, { recursive: true, force: true });
  }
}
