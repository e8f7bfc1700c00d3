// Live encoding cost, side by side on this machine, from the same pushed feed (ffmpeg standing in
// for a studio, 1280x720 25 fps + tone in real time, MPEG-TS piped):
//   (a) CPU of LiveEncoder (ffmpeg + watching, uploading to S3) against plain ffmpeg writing the same ladder; target <= 1.05x
//   (b) segment closed -> listed, and (c) glass-to-glass in hls.js in Chromium, through the whole system (live-air.mjs)
//   (d) CPU of one live radio input (radio-default preset, MP3 feed); target <= 3 % of a core
//   (e) how many live TV and radio inputs one worker holds on this machine (live-capacity.mjs)
// Each side runs under /usr/bin/time, which counts the process and the ffmpeg it waits for; the CPU
// Node takes to start and load the libs is measured on its own and subtracted.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { airLatencies, describeAirLatencies } from './live-air.mjs';
import { capacity, capacityChild } from './live-capacity.mjs';
import { ROOT } from './support.mjs';

const require = createRequire(import.meta.url);
const lib = (name) => require(join(ROOT, `dist/libs/${name}/src/index.js`));
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 30);
const CAPACITY_SECONDS = Number(process.env.LIVE_CAPACITY_SECONDS ?? 60);
const FEEDS = {
  tv: ['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25', '-f', 'lavfi', '-i', 'sine=f=440:r=48000'],
  radio: ['-f', 'lavfi', '-i', 'sine=f=440:r=44100'],
};
const FEED_CODECS = {
  tv: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-f', 'mpegts'],
  radio: ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
};
const INPUT_ARGS = { tv: ['-f', 'mpegts', '-i', 'pipe:0'], radio: ['-f', 'mp3', '-i', 'pipe:0'] };

function preset(name) {
  return lib('media').loadLadderPresets(join(ROOT, 'config/ladders')).get(name);
}

/** What a worker does once, whatever its inputs: load the libs and find ffmpeg (which runs it to ask what it can do). */
async function workerStartup() {
  const { loadConfig } = lib('config');
  const { FfmpegInstallation } = lib('ffmpeg');
  ['storage', 'time', 'ingest'].forEach(lib);
  const installation = new FfmpegInstallation(loadConfig({}));
  await installation.locate();
  return installation;
}

/** The child side: one LiveEncoder reading stdin, storing into the S3 named in the environment. */
async function encoderChild(kind, presetName) {
  const installation = await workerStartup();
  const { FfmpegRunner } = lib('ffmpeg');
  const { ObjectStorage, StorageKeys } = lib('storage');
  const { SystemClock } = lib('time');
  const { LiveEncoder, LiveEncoderSettings } = lib('ingest');
  const storage = new ObjectStorage({ databaseUrl: 'unused', s3: JSON.parse(process.env.LIVE_BENCH_S3) });
  const encoder = new LiveEncoder(
    new FfmpegRunner(installation),
    storage,
    new LiveEncoderSettings(),
    new SystemClock(),
  );
  const ladder = preset(presetName);
  let segments = 0;
  const handle = encoder.start({
    preset: ladder,
    source: { inputArgs: INPUT_ARGS[kind], stdin: process.stdin },
    feedShape: kind === 'tv' ? 'audio-video' : 'audio-only',
    firstIndex: 0,
    workDir: process.env.LIVE_BENCH_DIR,
    segmentKey: (rendition, index) =>
      StorageKeys.assetSegment(process.env.LIVE_BENCH_ASSET, ladder.name, rendition, index),
    onSegment: async () => {
      segments += 1;
    },
    nice: 0,
  });
  await handle.exited;
  process.stderr.write(`segments=${segments}\n`);
}

/** Runs `command` under /usr/bin/time with the feed of `kind`, if any, piped to its stdin; the CPU seconds it and its children used. */
function cpuOf(kind, command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const feed =
      kind &&
      spawn(
        'ffmpeg',
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-re',
          ...FEEDS[kind],
          '-t',
          String(SECONDS),
          ...FEED_CODECS[kind],
          'pipe:1',
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
    const timed = spawn('/usr/bin/time', ['-f', 'cpu=%U+%S', command, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: [kind ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    if (feed) feed.stdout.pipe(timed.stdin);
    let stderr = '';
    timed.stderr.on('data', (chunk) => (stderr += chunk));
    timed.on('error', reject);
    timed.on('exit', () => {
      const match = /cpu=([\d.]+)\+([\d.]+)/.exec(stderr);
      if (!match) return reject(new Error(`no CPU time measured:\n${stderr}`));
      resolve(Number(match[1]) + Number(match[2]));
    });
  });
}

async function main() {
  const { EmbeddedS3, embeddedSecretsIn } = lib('embedded');
  const { ObjectStorage } = lib('storage');
  const { liveEncoderArgs } = lib('ingest');
  const dir = mkdtempSync(join(tmpdir(), 'siaran-live-bench-'));
  const { s3: credentials } = embeddedSecretsIn(dir);
  const s3 = new EmbeddedS3({ directory: join(dir, 's3'), port: 0, credentials });
  await s3.start();
  try {
    const connection = {
      endPoint: '127.0.0.1',
      port: s3.port,
      useSSL: false,
      accessKey: credentials.accessKey,
      secretKey: credentials.secretKey,
      region: 'us-east-1',
      bucket: 'siaran-bench',
    };
    await new ObjectStorage({ databaseUrl: 'unused', s3: connection }).ensureBucket();
    const run = async (kind, presetName) => {
      const ladder = preset(presetName);
      const plainDir = mkdtempSync(join(dir, 'plain-'));
      const plainArgs = liveEncoderArgs(ladder, {
        inputArgs: INPUT_ARGS[kind],
        feedShape: kind === 'tv' ? 'audio-video' : 'audio-only',
        outputDir: plainDir,
        firstIndex: 0,
        cpus: availableParallelism(),
        silenceSeconds: 30,
        readTimeoutSeconds: 10,
      });
      const plain = await cpuOf(kind, 'ffmpeg', plainArgs);
      const encoderDir = mkdtempSync(join(dir, 'encoder-'));
      const encoder = await cpuOf(
        kind,
        process.execPath,
        [fileURLToPath(import.meta.url), 'encoder-child', kind, presetName],
        {
          LIVE_BENCH_S3: JSON.stringify(connection),
          LIVE_BENCH_DIR: encoderDir,
          LIVE_BENCH_ASSET: '00000000-0000-4000-8000-000000000000',
        },
      );
      // Node loading the libs and finding ffmpeg are paid once per worker, not per input: measured alone and left out.
      const startup = await cpuOf(null, process.execPath, [fileURLToPath(import.meta.url), 'startup-child']);
      return { plain, encoder: encoder - startup };
    };
    const tv = await run('tv', 'tv-default');
    console.log(
      `(a) tv-default from a 720p25 feed, ${SECONDS} s: LiveEncoder ${tv.encoder.toFixed(1)} CPU s, plain ffmpeg ${tv.plain.toFixed(1)} CPU s, ratio ${(tv.encoder / tv.plain).toFixed(3)}x (target <= 1.05x)`,
    );
    const radio = await run('radio', 'radio-default');
    console.log(
      `(d) radio-default from an MP3 feed, ${SECONDS} s: LiveEncoder ${((100 * radio.encoder) / SECONDS).toFixed(2)} % of a core (plain ffmpeg ${((100 * radio.plain) / SECONDS).toFixed(2)} %; target <= 3 %)`,
    );
    const script = fileURLToPath(import.meta.url);
    const env = { LIVE_BENCH_S3: JSON.stringify(connection), LIVE_BENCH_DIR: dir };
    const tvHeld = await capacity(script, 'tv', 'tv-default', CAPACITY_SECONDS, [1, 2, 3, 4], env);
    const radioHeld = await capacity(script, 'radio', 'radio-default', CAPACITY_SECONDS, [10, 20, 40, 80, 160], env);
    console.log(
      `(e) inputs one worker holds on ${availableParallelism()} cores, keeping real time over ${CAPACITY_SECONDS} s: tv-default ${tvHeld.held} (worst lag growth by count: ${tvHeld.tried.join(', ')}); radio-default ${radioHeld.held} (${radioHeld.tried.join(', ')})`,
    );
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'encoder-child') await encoderChild(process.argv[3], process.argv[4]);
else if (process.argv[2] === 'capacity-child')
  await capacityChild(process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6]));
else if (process.argv[2] === 'startup-child') await workerStartup();
else {
  await main();
  const tvDefault = preset('tv-default');
  for (const line of describeAirLatencies(await airLatencies(SECONDS), 3.5 * tvDefault.segmentSeconds + 2))
    console.log(line);
}
