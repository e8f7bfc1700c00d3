// Live playlist and now-playing throughput of the all-in-one against nginx serving a saved
// copy of the same playlist as a static file; then 200 channels on air at once, half of them
// airing a programme asset between filler: idle CPU of the all-in-one and playlist latency
// across all of them.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ADMIN, cpuSeconds, freePort, sleep, startAllInOne, table, waitFor } from './support.mjs';
import { api, uploadFile } from './upload-support.mjs';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 100;
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 200);
/** Minutes in which every other bench channel airs a programme asset, one each minute. */
const PROGRAMME_MINUTES = 6;

function load(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const summary = (label, result) => ({
  target: label,
  'req/s': Math.round(result.requests.average),
  'p50 ms': result.latency.p50,
  'p99 ms': result.latency.p99,
  errors: result.errors + result.non2xx,
});

async function startNginx(root, port) {
  const conf = join(root, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes auto;\npid ${root}/nginx.pid;\nerror_log ${root}/error.log;\ndaemon off;\nevents { worker_connections 4096; }\nhttp {\n  access_log off;\n  types { application/vnd.apple.mpegurl m3u8; }\n  server {\n    listen 127.0.0.1:${port};\n    root ${root}/www;\n    location / { add_header Cache-Control "public, max-age=1"; }\n  }\n}\n`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', root], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${port}/live/720p.m3u8`);
  return child;
}

/** A 24 s 720p25 programme made by ffmpeg, uploaded for tv-default and transcoded: its asset id. */
async function readyProgrammeAsset(base, token, stationId, dir) {
  const path = join(dir, 'kabar-bench.mp4');
  await run('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=1280x720:r=25:d=24',
    '-f',
    'lavfi',
    '-i',
    'sine=f=440:r=48000:d=24',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-c:a',
    'aac',
    path,
  ]);
  const asset = await uploadFile(base, token, stationId, path, {
    title: 'Kabar Bench',
    kind: 'programme',
    presets: 'tv-default',
  });
  for (;;) {
    const { status, failure } = await api(base, token, 'GET', `/api/v1/assets/${asset.id}`);
    if (status === 'ready') return asset.id;
    if (status === 'failed') throw new Error(`the programme asset failed: ${JSON.stringify(failure)}`);
    await sleep(500);
  }
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

/** A wall time as the local date-time of Asia/Jakarta (UTC+7, no DST), as schedule entries take it. */
const jakartaLocal = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 19);

const { root, base, app } = await startAllInOne('playout');
let nginx;
try {
  // The demo data's channels get their slates made and go on air by themselves.
  await waitFor(`${base}/live/batik-tv/720p.m3u8`, 200, 180000);
  const playlist = await (await fetch(`${base}/live/batik-tv/720p.m3u8`)).text();
  mkdirSync(join(root, 'www/live'), { recursive: true });
  writeFileSync(join(root, 'www/live/720p.m3u8'), playlist);
  const nginxPort = await freePort();
  nginx = await startNginx(root, nginxPort);

  const rows = [
    summary('nginx, static copy of the playlist', await load(`http://127.0.0.1:${nginxPort}/live/720p.m3u8`)),
    summary('siaran, live media playlist', await load(`${base}/live/batik-tv/720p.m3u8`)),
    summary('siaran, now-playing JSON', await load(`${base}/api/v1/channels/batik-tv/now-playing`)),
  ];
  table(rows);
  console.log(
    `\nratio playlist req/s siaran / nginx: ${(rows[1]['req/s'] / rows[0]['req/s']).toFixed(2)} (target >= 0.5)`,
  );
  console.log(`ratio now-playing req/s siaran / nginx: ${(rows[2]['req/s'] / rows[0]['req/s']).toFixed(2)}`);

  // 200 channels looping the slate of Batik TV as their filler; every other one also airs a
  // programme asset each minute (24 s of it, then filler), from shortly after they exist.
  const { token } = await api(base, null, 'POST', '/api/v1/auth/login', ADMIN);
  const asRun = await api(
    base,
    token,
    'GET',
    `/api/v1/channels/batik-tv/as-run?from=${new Date(Date.now() - 3600e3).toISOString()}&to=${new Date().toISOString()}`,
  );
  const fillerAssetId = asRun[0].assetId;
  const batik = await api(base, token, 'GET', '/api/v1/channels/batik-tv');
  const station = batik.stationId ?? batik.station.id;
  const programmeAsset = await readyProgrammeAsset(base, token, station, root);
  const programme = await api(base, token, 'POST', '/api/v1/programmes', {
    stationId: station,
    title: 'Kabar Bench',
    category: 'Berita',
  });
  const slugs = [];
  const scheduled = [];
  for (let i = 0; i < CHANNELS; i += 1) {
    const slug = `bench-${i}`;
    const channel = await api(base, token, 'POST', '/api/v1/channels', {
      stationId: station,
      kind: 'tv',
      slug,
      name: `Bench ${i}`,
    });
    await api(base, token, 'PUT', `/api/v1/channels/${slug}/filler`, { assetId: fillerAssetId });
    slugs.push(slug);
    if (i % 2 === 0) scheduled.push(channel);
  }
  const firstStart = Math.ceil((Date.now() + 20_000) / 1000) * 1000;
  for (const channel of scheduled) {
    for (let minute = 0; minute < PROGRAMME_MINUTES; minute += 1) {
      await api(base, token, 'POST', '/api/v1/schedule-entries', {
        channelId: channel.id,
        programmeId: programme.id,
        start: jakartaLocal(firstStart + minute * 60_000),
        durationSeconds: 60,
        source: { kind: 'asset', assetId: programmeAsset },
      });
    }
  }
  await waitFor(`${base}/live/${slugs[slugs.length - 1]}/720p.m3u8`, 200, 120000);
  // The worker may catch a channel between its creation and its filler and make it a slate:
  // idle is measured once no transcode is left.
  for (;;) {
    const busy = await Promise.all(
      ['queued', 'transcoding'].map(
        async (status) => (await api(base, token, 'GET', `/api/v1/assets?status=${status}&limit=1`)).total,
      ),
    );
    if (busy.every((n) => n === 0)) break;
    await sleep(1000);
  }
  await sleep(Math.max(10_000, firstStart + 5_000 - Date.now()));
  const cpuBefore = cpuSeconds(app.child.pid);
  const idleSeconds = 30;
  await sleep(idleSeconds * 1000);
  const idleCpu = ((cpuSeconds(app.child.pid) - cpuBefore) / idleSeconds) * 100;
  let n = 0;
  const spread = await load(`${base}/live/bench-0/720p.m3u8`, {
    requests: [{ setupRequest: (request) => ({ ...request, path: `/live/${slugs[n++ % slugs.length]}/720p.m3u8` }) }],
  });
  console.log('');
  table([summary(`siaran, media playlists of ${CHANNELS} channels in turn`, spread)]);
  const aired = await Promise.all(
    scheduled.map(async ({ slug }) => {
      const items = await api(
        base,
        token,
        'GET',
        `/api/v1/channels/${slug}/as-run?from=${new Date(firstStart).toISOString()}&to=${new Date().toISOString()}`,
      );
      return items.filter((item) => item.kind === 'programme').length;
    }),
  );
  console.log(
    `\nidle CPU of the all-in-one with ${CHANNELS + 3} channels on air: ${idleCpu.toFixed(1)} % of one core (target < 10 %)`,
  );
  console.log(
    `programme airings on the ${aired.length} channels with a schedule, from its first minute to the end: ${aired.reduce((a, b) => a + b, 0)} (none missed: ${aired.every((n) => n > 0)})`,
  );
} finally {
  nginx?.kill('SIGQUIT');
  app.child.kill('SIGINT');
  await app.exited;
  rmSync(root, { recursive: true, force: true });
}
