// Shared helpers for benchmarks: free ports, starting built processes, waiting, memory.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ALL_IN_ONE = join(ROOT, 'dist/apps/all-in-one/src/main.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function start(args, env = {}) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited, stderr: () => stderr };
}

/** The administrator every bench's all-in-one is started with. */
export const ADMIN = { email: 'bench@siaran.local', password: 'bench-password-123' };

/**
 * The built all-in-one on free ports with its data in a fresh directory `root` (under the system's
 * temporary one, open to the embedded PostgreSQL's own user when run as root), started with ADMIN;
 * `entry` is another checkout's built all-in-one when revisions are compared.
 */
export async function startAllInOne(name, env = {}, entry = ALL_IN_ONE) {
  const root = mkdtempSync(join(tmpdir(), `siaran-bench-${name}-`));
  chmodSync(root, 0o755);
  const port = await freePort();
  const app = start([entry], {
    DATA_DIR: join(root, 'var'),
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  return { root, port, base: `http://127.0.0.1:${port}`, app };
}

export async function waitFor(url, status = 200, timeoutMs = 90000) {
  const started = performance.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === status) return performance.now() - started;
    } catch {
      // not up yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} not ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resident set size of one process, in MiB, from /proc. */
export function rssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function table(rows) {
  const widths = Object.keys(rows[0]).map((key) => Math.max(key.length, ...rows.map((row) => String(row[key]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  console.log(line(Object.keys(rows[0])));
  for (const row of rows) console.log(line(Object.values(row)));
}
