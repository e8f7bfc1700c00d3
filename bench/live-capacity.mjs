// (e) How many live inputs one worker holds on this machine: k LiveEncoders in one Node process,
// as a worker runs them, each reading a pre-encoded feed in real time (-re, looped, so no feed is
// encoded beside them), storing into S3. An encoder holds while it keeps real time: the air time it
// delivered grows as fast as the wall clock between the middle and the end of the run.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

const require = createRequire(import.meta.url);
const lib = (name) => require(join(ROOT, `dist/libs/${name}/src/index.js`));
/** Falling behind by more than this share of the wall clock between the middle and the end of a run. */
const LAG_GROWTH_LIMIT = 0.05;

/** The child side: `count` encoders for `seconds`; prints one JSON line per encoder with its lag growth. */
export async function capacityChild(kind, presetName, count, seconds) {
  const { loadConfig } = lib('config');
  const { FfmpegInstallation, FfmpegRunner } = lib('ffmpeg');
  const { ObjectStorage, StorageKeys } = lib('storage');
  const { SystemClock } = lib('time');
  const { LiveEncoder, LiveEncoderSettings } = lib('ingest');
  const { loadLadderPresets } = lib('media');
  const installation = new FfmpegInstallation(loadConfig({}));
  await installation.locate();
  const storage = new ObjectStorage({ databaseUrl: 'unused', s3: JSON.parse(process.env.LIVE_BENCH_S3) });
  const encoder = new LiveEncoder(
    new FfmpegRunner(installation),
    storage,
    new LiveEncoderSettings(),
    new SystemClock(),
  );
  const ladder = loadLadderPresets(join(ROOT, 'config/ladders')).get(presetName);
  const started = performance.now();
  const runs = Array.from({ length: count }, (_, n) => {
    const delivered = { ms: 0, atMiddle: undefined };
    const handle = encoder.start({
      preset: ladder,
      source: { inputArgs: ['-re', '-stream_loop', '-1', '-i', process.env.LIVE_BENCH_FEED] },
      feedShape: kind === 'tv' ? 'audio-video' : 'audio-only',
      firstIndex: 0,
      workDir: mkdtempSync(join(process.env.LIVE_BENCH_DIR, `enc-${n}-`)),
      segmentKey: (rendition, index) =>
        StorageKeys.assetSegment(
          `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
          ladder.name,
          rendition,
          index,
        ),
      onSegment: async (segment) => {
        delivered.ms += segment.durationMs;
      },
      nice: 0,
    });
    return { handle, delivered };
  });
  const lagAt = (run) => performance.now() - started - run.delivered.ms;
  await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 2));
  const middle = runs.map(lagAt);
  await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 2));
  const end = runs.map(lagAt);
  for (const run of runs) run.handle.stop();
  await Promise.allSettled(runs.map((run) => run.handle.exited));
  process.stdout.write(`${JSON.stringify(end.map((lag, n) => (lag - middle[n]) / ((seconds * 1000) / 2)))}\n`);
}

function runChild(script, kind, presetName, count, seconds, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [script, 'capacity-child', kind, presetName, String(count), String(seconds)],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        reject(new Error(`the capacity child printed no result: ${out}`));
      }
    });
  });
}

/** A 30 s feed file of `kind`, made once. */
function makeFeed(kind, dir) {
  const path = join(dir, kind === 'tv' ? 'feed.ts' : 'feed.mp3');
  const args =
    kind === 'tv'
      ? ['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25:d=30', '-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=30']
      : ['-f', 'lavfi', '-i', 'sine=f=440:r=44100:d=30'];
  const codecs =
    kind === 'tv'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mpegts']
      : ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'];
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, ...codecs, path], {
      stdio: 'inherit',
    });
    child.on('exit', (code) => (code === 0 ? resolve(path) : reject(new Error(`feed ffmpeg exited with ${code}`))));
  });
}

/**
 * Raises the number of encoders of `kind` (doubling, then stepping back) until they no longer keep
 * real time; the largest count that did, with each count's worst lag growth.
 */
export async function capacity(script, kind, presetName, seconds, counts, env) {
  const dir = mkdtempSync(join(env.LIVE_BENCH_DIR, `capacity-${kind}-`));
  const feed = await makeFeed(kind, dir);
  const tried = [];
  let held = 0;
  for (const count of counts) {
    const growth = await runChild(script, kind, presetName, count, seconds, {
      ...env,
      LIVE_BENCH_DIR: dir,
      LIVE_BENCH_FEED: feed,
    });
    const worst = Math.max(...growth);
    tried.push(`${count}: ${(100 * worst).toFixed(1)} %`);
    if (worst > LAG_GROWTH_LIMIT) break;
    held = count;
  }
  return { held, tried };
}
