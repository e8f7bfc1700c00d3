// A 60 s 720p25 source to tv-default: through the system (upload, queue, worker, storage),
// side by side with the same ffmpeg command line run by hand, and with one ffmpeg process per
// rendition (side by side, and one after another as a worker at concurrency 1 runs jobs).
// Targets: system <= 1.15 x plain ffmpeg; single-process ladder >= 1.4 x faster than
// per-rendition processes. Wall times and CPU seconds (user + system) of ffmpeg are printed.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffprobe, freshDir, ladderArgs, perRenditionArgs, preset } from './ladder-support.mjs';
import { ALL_IN_ONE, freePort, median, start, table, waitFor } from './support.mjs';
import { createStation, login, uploadFile } from './upload-support.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SECONDS = Number(process.env.BENCH_SOURCE_SECONDS ?? 60);
const NICE = 10;

/** Runs ffmpeg command lines one after another, as a worker at concurrency 1 would run one job per rendition. */
async function timeFfmpegInTurn(argLists) {
  const started = performance.now();
  let cpuSeconds = 0;
  for (const args of argLists) cpuSeconds += (await timeFfmpeg([args])).cpuSeconds;
  return { wallMs: performance.now() - started, cpuSeconds };
}

/** Runs ffmpeg command lines side by side under nice; wall ms and the CPU seconds they used. */
function timeFfmpeg(argLists) {
  const started = performance.now();
  return Promise.all(
    argLists.map(
      (args) =>
        new Promise((resolve, reject) => {
          // The shell reports its children's CPU time (fields 16 and 17 of /proc/self/stat, in ticks) once ffmpeg exits.
          const child = spawn('/bin/sh', ['-c', 'nice -n "$0" ffmpeg "$@" 2>/dev/null; s=$?; cat /proc/$$/stat; exit $s', String(NICE), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
          let out = '';
          child.stdout.on('data', (c) => (out += c));
          child.on('exit', (code) => {
            if (code !== 0) return reject(new Error(`ffmpeg failed with ${code}`));
            const fields = out.trim().split('\n').pop().replace(/^.*\) /, '').split(' ');
            resolve((Number(fields[13]) + Number(fields[14])) / 100);
          });
        }),
    ),
  ).then((cpu) => ({ wallMs: performance.now() - started, cpuSeconds: cpu.reduce((a, b) => a + b, 0) }));
}

async function makeSource(path) {
  await timeFfmpeg([
    ['-y', '-f', 'lavfi', '-i', `testsrc2=s=1280x720:r=25:d=${SECONDS}`, '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${SECONDS}`,
      '-vf', 'noise=alls=6:allf=t,format=yuv420p', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '8M', '-maxrate', '10M', '-bufsize', '16M',
      '-c:a', 'aac', '-b:a', '192k', path],
  ]);
}

async function throughSystem(root, source, run) {
  const [port, pgPort] = await Promise.all([freePort(), freePort()]);
  const password = 'bench-admin-password';
  const app = start([ALL_IN_ONE], {
    DATA_DIR: join(root, `var-${run}`), PORT: String(port), EMBEDDED_POSTGRES_PORT: String(pgPort), DEMO_DATA: 'false',
    ADMIN_EMAIL: 'bench@siaran.local', ADMIN_PASSWORD: password, LOG_LEVEL: 'warn', TRANSCODE_NICE: String(NICE),
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health/ready`);
    const token = await login(base, 'bench@siaran.local', password);
    const stationId = await createStation(base, token, `bench-${run}`);
    const uploadStarted = performance.now();
    const asset = await uploadFile(base, token, stationId, source, { title: 'Benchmark', kind: 'programme', presets: 'tv-default' });
    const queuedAt = performance.now();
    for (;;) {
      const res = await fetch(`${base}/api/v1/assets/${asset.id}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.json();
      if (body.status === 'ready') break;
      if (body.status === 'failed') throw new Error(`transcode failed: ${JSON.stringify(body.failure)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { uploadMs: queuedAt - uploadStarted, transcodeMs: performance.now() - queuedAt };
  } finally {
    app.child.kill('SIGINT');
    await app.exited;
  }
}

const root = mkdtempSync(join(tmpdir(), 'siaran-bench-transcode-'));
chmodSync(root, 0o755);
try {
  const source = join(root, 'source-720p25.mp4');
  await makeSource(source);
  const probe = await ffprobe(source);
  const tv = preset('tv-default');
  const rows = { plain: [], system: [], perRendition: [], inTurn: [], upload: [] };
  for (let run = 0; run < RUNS; run += 1) {
    const plain = await timeFfmpeg([ladderArgs(tv, probe, source, freshDir(join(root, 'plain')))]);
    rows.plain.push(plain);
    const system = await throughSystem(root, source, run);
    rows.system.push(system.transcodeMs);
    rows.upload.push(system.uploadMs);
    rows.perRendition.push(await timeFfmpeg(perRenditionArgs(tv, probe, source, freshDir(join(root, 'per-rendition')))));
    rows.inTurn.push(await timeFfmpegInTurn(perRenditionArgs(tv, probe, source, freshDir(join(root, 'in-turn')))));
  }
  const plainMs = median(rows.plain.map((r) => r.wallMs));
  const systemMs = median(rows.system);
  const perMs = median(rows.perRendition.map((r) => r.wallMs));
  const inTurnMs = median(rows.inTurn.map((r) => r.wallMs));
  table([
    { run: `plain ffmpeg, one process, 3 renditions`, 'wall s': (plainMs / 1000).toFixed(1), 'ffmpeg CPU s': median(rows.plain.map((r) => r.cpuSeconds)).toFixed(1) },
    { run: 'system: queued → ready (download, ffmpeg, uploads, DB)', 'wall s': (systemMs / 1000).toFixed(1), 'ffmpeg CPU s': '' },
    { run: 'one ffmpeg process per rendition, in parallel', 'wall s': (perMs / 1000).toFixed(1), 'ffmpeg CPU s': median(rows.perRendition.map((r) => r.cpuSeconds)).toFixed(1) },
    { run: 'one ffmpeg process per rendition, one after another', 'wall s': (inTurnMs / 1000).toFixed(1), 'ffmpeg CPU s': median(rows.inTurn.map((r) => r.cpuSeconds)).toFixed(1) },
    { run: 'upload of the source (HTTP, streamed to S3, probe)', 'wall s': (median(rows.upload) / 1000).toFixed(1), 'ffmpeg CPU s': '' },
  ]);
  console.log(`\nratio system / plain ffmpeg: ${(systemMs / plainMs).toFixed(2)}x (target <= 1.15)`);
  console.log(`ratio per-rendition / single process: wall ${(perMs / plainMs).toFixed(2)}x, CPU ${(median(rows.perRendition.map((r) => r.cpuSeconds)) / median(rows.plain.map((r) => r.cpuSeconds))).toFixed(2)}x (target >= 1.4)`);
  console.log(`ratio per-rendition one after another (a worker at concurrency 1) / single process: wall ${(inTurnMs / plainMs).toFixed(2)}x`);
  console.log(`(source: ${SECONDS} s 720p25 H.264 8 Mbit/s + AAC; runs: ${RUNS}; ffmpeg at nice ${NICE}; the machine is shared, so wall times vary with its load)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
