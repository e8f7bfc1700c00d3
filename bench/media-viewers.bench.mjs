// Simulated viewers of one 720p channel on the all-in-one, directly and with the nginx edge
// (docker/nginx-edge.conf.template) in front. Each viewer behaves like hls.js: it starts three
// segments behind the live edge, reloads the media playlist every half target duration, fetches
// each new segment in order and plays in real time from its buffer; it stalls when playback
// reaches the end of what it has downloaded. For each count of viewers (BENCH_VIEWERS, e.g.
// "100,200,400"), run for BENCH_SECONDS: viewers that stalled, p99 segment download time, CPU
// of the all-in-one's process (and of nginx), storage reads. The largest count with no stall is printed.
import { Agent, get } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, cpuSeconds, freePort, sleep, startAllInOne, table, waitFor } from './support.mjs';
import { login, uploadFile } from './upload-support.mjs';
import { makeProgramme, metric, renditionPlaylistUrl, startEdgeNginx } from './media-support.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const COUNTS = (process.env.BENCH_VIEWERS ?? '50,100,200,400').split(',').map(Number);
const SLUG = 'batik-tv';

function fetchBody(agent, url) {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

function parsePlaylist(text) {
  const lines = text.split('\n');
  const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)[1]);
  const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)[1]);
  const segments = [];
  for (let i = 0; i < lines.length; i += 1) {
    const extinf = /^#EXTINF:([\d.]+)/.exec(lines[i]);
    if (!extinf) continue;
    let j = i + 1;
    while (lines[j].startsWith('#')) j += 1;
    segments.push({ sequence: sequence + segments.length, duration: Number(extinf[1]), uri: lines[j] });
  }
  return { target, segments };
}

/** One viewer for `seconds`: its stalls and segment download times (ms). */
async function viewer(base, agent, seconds, delayMs) {
  await sleep(delayMs);
  const until = performance.now() + seconds * 1000;
  const playlistUrl = `${base}/live/${SLUG}/720p.m3u8`;
  let next;
  let buffered = 0;
  let playStart;
  let stalls = 0;
  const times = [];
  let failures = 0;
  let failure;
  while (performance.now() < until) {
    let playlist;
    try {
      playlist = parsePlaylist((await fetchBody(agent, playlistUrl)).toString());
    } catch (error) {
      failures += 1;
      failure ??= error.message;
      await sleep(1000);
      continue;
    }
    next ??= playlist.segments[Math.max(0, playlist.segments.length - 3)].sequence;
    for (const segment of playlist.segments.filter((s) => s.sequence >= next)) {
      const started = performance.now();
      try {
        await fetchBody(agent, `${base}${segment.uri}`);
      } catch (error) {
        failures += 1;
        failure ??= error.message;
        break;
      }
      const done = performance.now();
      times.push(done - started);
      next = segment.sequence + 1;
      playStart ??= done;
      const played = (done - playStart) / 1000;
      if (played > buffered + 0.05) {
        stalls += 1;
        playStart += (played - buffered) * 1000;
      }
      buffered += segment.duration;
      if (performance.now() >= until) break;
    }
    await sleep((playlist.target * 1000) / 2);
  }
  return { stalls, times, failures, failure };
}

/** CPU seconds of a process and its children: nginx's master and workers (the all-in-one is counted alone, without the ffmpeg it runs). */
function treeCpuSeconds(pid) {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  return cpuSeconds(pid) + children.reduce((sum, child) => sum + treeCpuSeconds(Number(child)), 0);
}

async function watch(base, count, pids) {
  const readsBefore = await metric(base.api, 'media_cache_storage_reads_total');
  const cpuBefore = pids.map((pid, i) => (i === 0 ? cpuSeconds(pid) : treeCpuSeconds(pid)));
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      viewer(base.players, new Agent({ keepAlive: true, maxSockets: 1 }), SECONDS, (i * 3000) / count),
    ),
  );
  const cpu = pids.map((pid, i) => ((i === 0 ? cpuSeconds(pid) : treeCpuSeconds(pid)) - cpuBefore[i]) / (SECONDS + 3));
  const times = results.flatMap((r) => r.times).sort((a, b) => a - b);
  return {
    viewers: count,
    stalled: results.filter((r) => r.stalls > 0).length,
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    segments: times.length,
    'p99 segment ms': Math.round(times[Math.floor(times.length * 0.99)] ?? NaN),
    'API CPU': `${Math.round(100 * cpu[0])} %`,
    'nginx CPU': cpu[1] === undefined ? '-' : `${Math.round(100 * cpu[1])} %`,
    'storage reads': (await metric(base.api, 'media_cache_storage_reads_total')) - readsBefore,
    'first failure': results.find((r) => r.failure)?.failure.replace(/http:\S+?(\/\S{0,24})\S*:/, '$1…:') ?? '-',
  };
}

const { root, port, base: api, app } = await startAllInOne('viewers');
let nginx;
try {
  await waitFor(`${api}/live/${SLUG}/720p.m3u8`, 200, 600000);
  const token = await login(api, ADMIN.email, ADMIN.password);
  const channel = await (
    await fetch(`${api}/api/v1/channels/${SLUG}`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  const source = join(root, 'festival.mp4');
  await makeProgramme(source, 24);
  const asset = await uploadFile(api, token, channel.stationId ?? channel.station.id, source, {
    title: 'Festival Batik',
    kind: 'filler',
    presets: 'tv-default',
  });
  const ready = Date.now() + 300000;
  while (!(await renditionPlaylistUrl(api, token, asset.id, '720p'))) {
    if (Date.now() > ready) throw new Error('the programme was not ready within 5 minutes');
    await sleep(500);
  }
  const res = await fetch(`${api}/api/v1/channels/${SLUG}/filler`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ assetId: asset.id }),
  });
  if (!res.ok) throw new Error(`filler: ${res.status} ${await res.text()}`);
  for (let tries = 0; ; tries += 1) {
    const playlist = await (await fetch(`${api}/live/${SLUG}/720p.m3u8`)).text();
    if (playlist.split('\n').filter((line) => line.includes(asset.id)).length >= 3) break;
    if (tries > 300) throw new Error('the programme did not go on air as filler');
    await sleep(1000);
  }
  const edgePort = await freePort();
  nginx = await startEdgeNginx(root, edgePort, `127.0.0.1:${port}`);
  console.log(`${SLUG} airs a noisy 720p25 programme (tv-default 720p, 6 s segments); ${SECONDS} s per run`);
  const rows = [];
  const bestOf = { direct: 0, edge: 0 };
  for (const [label, players, pids] of [
    ['direct', api, [app.child.pid]],
    ['edge', `http://127.0.0.1:${edgePort}`, [app.child.pid, nginx.pid]],
  ]) {
    for (const count of COUNTS) {
      const row = await watch({ api, players }, count, pids);
      rows.push({ path: label, ...row });
      if (row.stalled === 0 && row.failures === 0) bestOf[label] = Math.max(bestOf[label], count);
    }
  }
  table(rows);
  console.log(
    `\nlargest count with no viewer stalling: ${bestOf.direct} directly, ${bestOf.edge} with the edge (counts tried: ${COUNTS.join(', ')})`,
  );
} finally {
  nginx?.kill('SIGTERM');
  app.child.kill('SIGTERM');
  await app.exited;
  rmSync(root, { recursive: true, force: true });
}
