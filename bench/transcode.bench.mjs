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

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SOURCE_SECONDS ?? 60);
const NICE = 10;

const seconds = (ms) => (ms / 1000).toFixed(1);

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
          const child = spawn(
            '/bin/sh',
            ['-c', 'nice -n "$0" ffmpeg "$@" 2>/dev/null; s=$?; cat /proc/$$/stat; exit $s', String(NICE), ...args],
            { stdio: ['ignore', 'pipe', 'ignore'] },
          );
          let out = '';
          child.stdout.on('data', (c) => (out += c));
          child.on('exit', (code) => {
            if (code !== 0) return reject(new Error(`ffmpeg failed with ${code}`));
            const fields = out
              .trim()
              .split('\n')
              .pop()
              .replace(/^.*\) /, '')
              .split(' ');
            resolve((Number(fields[13]) + Number(fields[14])) / 100);
          });
        }),
    ),
  ).then((cpu) => ({ wallMs: performance.now() - started, cpuSeconds: cpu.reduce((a, b) => a + b, 0) }));
}

async function makeSource(path) {
  await timeFfmpeg([
    [
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=s=1280x720:r=25:d=${SECONDS}`,
      '-f',
      'lavfi',
      '-i',
      `sine=f=440:r=48000:d=${SECONDS}`,
      '-vf',
      'noise=alls=6:allf=t,format=yuv420p',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '8M',
      '-maxrate',
      '10M',
      '-bufsize',
      '16M',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      path,
    ],
  ]);
}

async function throughSystem(root, source, run) {
  const [port, pgPort] = await Promise.all([freePort(), freePort()]);
  const password = 'bench-admin-password';
  const app = start([ALL_IN_ONE], {
    DATA_DIR: join(root, `var-${run}`),
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    DEMO_DATA: 'false',
    ADMIN_EMAIL: 'bench@siaran.local',
    ADMIN_PASSWORD: password,
    LOG_LEVEL: 'warn',
    TRANSCODE_NICE: String(NICE),
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health/ready`);
    const token = await login(base, 'bench@siaran.local', password);
    const stationId = await createStation(base, token, `bench-${run}`);
    const uploadStarted = performance.now();
    const asset = await uploadFile(base, token, stationId, source, {
      title: 'Benchmark',
      kind: 'programme',
      presets: 'tv-default',
    });
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
  // This machine's speed drifts by tens of percent over minutes (shared cores), so each run
  // times every contender back to back, and the ratios are the medians of each run's ratios.
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    const system = await throughSystem(root, source, run);
    const plain = await timeFfmpeg([ladderArgs(tv, probe, source, freshDir(join(root, 'plain')))]);
    const perRendition = await timeFfmpeg(perRenditionArgs(tv, probe, source, freshDir(join(root, 'per-rendition'))));
    const inTurn = await timeFfmpegInTurn(perRenditionArgs(tv, probe, source, freshDir(join(root, 'in-turn'))));
    runs.push({ system, plain, perRendition, inTurn });
    console.log(
      `run ${run + 1}: system ${seconds(system.transcodeMs)} s, plain ${seconds(plain.wallMs)} s, per rendition ${seconds(perRendition.wallMs)} s, one after another ${seconds(inTurn.wallMs)} s`,
    );
  }
  const med = (pick) => median(runs.map(pick));
  table([
    {
      run: 'plain ffmpeg, one process, 3 renditions',
      'wall s': seconds(med((r) => r.plain.wallMs)),
      'ffmpeg CPU s': med((r) => r.plain.cpuSeconds).toFixed(1),
    },
    {
      run: 'system: queued → ready (download, ffmpeg, uploads, DB)',
      'wall s': seconds(med((r) => r.system.transcodeMs)),
      'ffmpeg CPU s': '',
    },
    {
      run: 'one ffmpeg process per rendition, in parallel',
      'wall s': seconds(med((r) => r.perRendition.wallMs)),
      'ffmpeg CPU s': med((r) => r.perRendition.cpuSeconds).toFixed(1),
    },
    {
      run: 'one ffmpeg process per rendition, one after another',
      'wall s': seconds(med((r) => r.inTurn.wallMs)),
      'ffmpeg CPU s': med((r) => r.inTurn.cpuSeconds).toFixed(1),
    },
    {
      run: 'upload of the source (HTTP, streamed to S3, probe)',
      'wall s': seconds(med((r) => r.system.uploadMs)),
      'ffmpeg CPU s': '',
    },
  ]);
  const ratios = (pick) =>
    runs
      .map(pick)
      .map((r) => r.toFixed(2))
      .join(', ');
  const systemRatio = (r) => r.system.transcodeMs / r.plain.wallMs;
  const perRatio = (r) => r.perRendition.wallMs / r.plain.wallMs;
  const perCpuRatio = (r) => r.perRendition.cpuSeconds / r.plain.cpuSeconds;
  const inTurnRatio = (r) => r.inTurn.wallMs / r.plain.wallMs;
  console.log(
    `\nratio system / plain ffmpeg: ${med(systemRatio).toFixed(2)}x (target <= 1.15; runs: ${ratios(systemRatio)})`,
  );
  console.log(
    `ratio per-rendition / single process: wall ${med(perRatio).toFixed(2)}x, CPU ${med(perCpuRatio).toFixed(2)}x (target >= 1.4; runs: ${ratios(perRatio)})`,
  );
  console.log(
    `ratio per-rendition one after another (a worker at concurrency 1) / single process: wall ${med(inTurnRatio).toFixed(2)}x (runs: ${ratios(inTurnRatio)})`,
  );
  console.log(`(source: ${SECONDS} s 720p25 H.264 8 Mbit/s + AAC; runs: ${RUNS}; ffmpeg at nice ${NICE})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
