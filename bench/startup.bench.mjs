// Cold start to /health/ready and idle memory of the all-in-one process on embedded defaults,
// side by side with the floor: a bare Fastify process answering one route.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_IN_ONE, freePort, median, rssMiB, sleep, start, table, waitFor } from './support.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_SETTLE_MS = 10000;

/** Starts a process, times it to /health/ready, lets it settle, samples its RSS, stops it. */
async function measure(args, env, port) {
  const run = start(args, env);
  const startedAt = performance.now();
  await waitFor(`http://127.0.0.1:${port}/health/ready`);
  const readyMs = performance.now() - startedAt;
  await sleep(IDLE_SETTLE_MS);
  const idleRss = rssMiB(run.child.pid);
  run.child.kill('SIGINT');
  await run.exited;
  return { readyMs, idleRss };
}

async function measureAllInOne(dataDir) {
  const port = await freePort();
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    DEMO_DATA: 'false',
  };
  return measure([ALL_IN_ONE], env, port);
}

async function measureBareFastify(dir) {
  const script = join(dir, 'bare.cjs');
  writeFileSync(
    script,
    `const f = require(${JSON.stringify(join(process.cwd(), 'node_modules/fastify'))})();\nf.get('/health/ready', async () => ({ ok: true }));\nf.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });\n`,
  );
  const port = await freePort();
  return measure([script], { PORT: String(port) }, port);
}

const root = mkdtempSync(join(tmpdir(), 'siaran-bench-startup-'));
chmodSync(root, 0o755);
try {
  const fresh = [];
  const warm = [];
  const bare = [];
  for (let i = 0; i < RUNS; i += 1) {
    const dataDir = join(root, `var-${i}`);
    fresh.push(await measureAllInOne(dataDir));
    warm.push(await measureAllInOne(dataDir));
    bare.push(await measureBareFastify(root));
  }
  const summary = (label, runs) => ({
    process: label,
    'ready ms (median)': Math.round(median(runs.map((r) => r.readyMs))),
    'idle RSS MiB (median)': median(runs.map((r) => r.idleRss)).toFixed(1),
  });
  const rows = [
    summary('all-in-one, new DATA_DIR (initdb)', fresh),
    summary('all-in-one, existing DATA_DIR', warm),
    summary('bare Fastify (floor)', bare),
  ];
  table(rows);
  const warmReady = median(warm.map((r) => r.readyMs));
  const bareReady = median(bare.map((r) => r.readyMs));
  console.log(`\nratio warm start / bare Fastify start: ${(warmReady / bareReady).toFixed(1)}x`);
  console.log(
    `ratio idle RSS all-in-one / bare Fastify: ${(median(warm.map((r) => r.idleRss)) / median(bare.map((r) => r.idleRss))).toFixed(1)}x`,
  );
  console.log(
    `(runs: ${RUNS}; idle RSS sampled ${IDLE_SETTLE_MS / 1000} s after ready; PostgreSQL's own processes not included)`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
