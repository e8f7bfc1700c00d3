// Memory of the all-in-one process while a generated 2 GiB file is uploaded to the real upload
// endpoint (streamed to the embedded S3 as a multipart upload), side by side with a bare Node
// HTTP server that only discards the same body. Target: peak RSS under 300 MB.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ALL_IN_ONE, freePort, rssMiB, start, table, waitFor } from './support.mjs';
import { createStation, login, postMultipart } from './upload-support.mjs';

const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * 1024 ** 3);
const CHUNK = Buffer.alloc(1024 * 1024, 0x47);

function generated(size) {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      const n = Math.min(CHUNK.length, size - sent);
      sent += n;
      this.push(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    },
  });
}

/** Uploads while sampling the server's RSS every 100 ms. */
async function measure(pid, upload) {
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const started = performance.now();
  const result = await upload();
  clearInterval(sampler);
  peak = Math.max(peak, rssMiB(pid));
  return { before, peak, seconds: (performance.now() - started) / 1000, result };
}

const root = mkdtempSync(join(tmpdir(), 'siaran-bench-upload-'));
chmodSync(root, 0o755);
try {
  const [port, pgPort, barePort] = await Promise.all([freePort(), freePort(), freePort()]);
  const password = 'bench-admin-password';
  const app = start([ALL_IN_ONE], {
    DATA_DIR: join(root, 'var'),
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    DEMO_DATA: 'false',
    ADMIN_EMAIL: 'bench@siaran.local',
    ADMIN_PASSWORD: password,
    LOG_LEVEL: 'warn',
  });
  let system;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health/ready`);
    const token = await login(base, 'bench@siaran.local', password);
    const stationId = await createStation(base, token, 'bench-upload');
    system = await measure(app.child.pid, () =>
      postMultipart(
        `${base}/api/v1/stations/${stationId}/assets`,
        token,
        { title: 'Dua gigabyte', kind: 'programme', presets: 'tv-default' },
        'generated.bin',
        generated(SIZE),
        SIZE,
      ),
    );
  } finally {
    app.child.kill('SIGINT');
    await app.exited;
  }

  const script = join(root, 'sink.cjs');
  writeFileSync(
    script,
    "require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); }).listen(Number(process.env.PORT), '127.0.0.1');\n",
  );
  const bare = spawn(process.execPath, [script], { env: { PORT: String(barePort) }, stdio: 'ignore' });
  let floor;
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    floor = await measure(bare.pid, () =>
      postMultipart(`http://127.0.0.1:${barePort}/`, 'x', {}, 'generated.bin', generated(SIZE), SIZE),
    );
  } finally {
    bare.kill();
  }

  table([
    {
      process: 'all-in-one: upload endpoint → embedded S3 (multipart)',
      'RSS before MiB': system.before.toFixed(0),
      'peak RSS MiB': system.peak.toFixed(0),
      'MiB/s': (SIZE / 1024 ** 2 / system.seconds).toFixed(0),
      answer: `${system.result.status} ${system.result.body.code ?? ''}`,
    },
    {
      process: 'bare Node http server discarding the body (floor)',
      'RSS before MiB': floor.before.toFixed(0),
      'peak RSS MiB': floor.peak.toFixed(0),
      'MiB/s': (SIZE / 1024 ** 2 / floor.seconds).toFixed(0),
      answer: String(floor.result.status),
    },
  ]);
  console.log(
    `\npeak RSS of the all-in-one during a ${(SIZE / 1024 ** 3).toFixed(1)} GiB upload: ${(system.peak * 1.048576).toFixed(0)} MB (target < 300 MB); ${(system.peak - system.before).toFixed(0)} MiB above idle`,
  );
  console.log(
    `ratio peak RSS all-in-one / bare sink: ${(system.peak / floor.peak).toFixed(1)}x; the body is not media, so the upload ends 422 MEDIA_UNREADABLE after being stored, probed and removed`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
