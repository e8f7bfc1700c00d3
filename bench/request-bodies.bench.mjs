// A player's playlist polling while hostile JSON bodies flood the login: the all-in-one's
// /api/v1/channels (answered on the same event loop as every playlist) fetched one at a time over
// one kept-alive connection, first at rest (the baseline) and then while another process posts 30
// one-megabyte bodies (deeply nested and very wide, three at a time) to the login, each refused
// before it is parsed (413, or 429 once the login's rate limit applies). Prints p50 and p99 of
// both runs and the ratio flood / rest (target: p99 under 50 ms during the flood).
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ROOT, startAllInOne, table, waitFor } from './support.mjs';

const execFileAsync = promisify(execFile);
const SAMPLES_AT_REST = 500;

const player = new Agent({ keepAlive: true, maxSockets: 1 });

function timedGet(url) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { agent: player }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    }).on('error', reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

const { root, base, app } = await startAllInOne('bodies', { DEMO_DATA: 'false', PLAYOUT_ENABLED: 'false' });
try {
  await waitFor(`${base}/health/ready`, 200, 180000);
  const url = `${base}/api/v1/channels`;
  for (let i = 0; i < 50; i += 1) await timedGet(url);
  const rest = [];
  for (let i = 0; i < SAMPLES_AT_REST; i += 1) rest.push(await timedGet(url));

  const flooded = [];
  let flooding = true;
  const flood = execFileAsync(process.execPath, [
    join(ROOT, 'test/support/json-flood.mjs'),
    `${base}/api/v1/auth/login`,
  ]).finally(() => {
    flooding = false;
  });
  while (flooding) flooded.push(await timedGet(url));
  const answers = JSON.parse((await flood).stdout);
  const counts = new Map();
  for (const [status, code] of answers) counts.set(`${status} ${code}`, (counts.get(`${status} ${code}`) ?? 0) + 1);

  const atRest = summary(rest);
  const duringFlood = summary(flooded);
  table(
    [
      ['at rest (baseline)', atRest],
      ['during the flood', duringFlood],
    ].map(([run, { requests, p50, p99 }]) => ({ run, requests, 'p50 ms': p50.toFixed(1), 'p99 ms': p99.toFixed(1) })),
  );
  // The login's rate limit refuses a client's later bodies before their size is even looked at.
  console.log(`
the login's answers to the ${answers.length} bodies: ${[...counts].map(([answer, n]) => `${n} × ${answer}`).join(', ')}`);
  console.log(
    `p99 during the flood ${duringFlood.p99.toFixed(1)} ms (target < 50 ms); ratio flood / rest ${(duringFlood.p99 / atRest.p99).toFixed(2)}`,
  );
} finally {
  player.destroy();
  app.child.kill('SIGTERM');
  await app.exited;
  rmSync(root, { recursive: true, force: true });
}
