// Segment delivery, side by side on this machine: one 720p segment (a 6 s tv-default segment of a
// transcoded 720p25 programme) fetched by wrk at 100 and at 1,000 connections
//   - from the all-in-one at /media/<key> (the hot segment cache), and
//   - from nginx serving the same file from disk (sendfile),
// printing bytes per second, the ratio siaran / nginx (target >= 0.8) and how many times the
// all-in-one read the segment from object storage during the run (target: 1).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ADMIN, cpuSeconds, freePort, sleep, startAllInOne, table, waitFor } from './support.mjs';
import { createStation, login, uploadFile } from './upload-support.mjs';
import { makeProgramme, metric, renditionPlaylistUrl, startFileNginx, wrk } from './media-support.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const { root, base, app } = await startAllInOne('media', {
  DEMO_DATA: 'false',
  PLAYOUT_ENABLED: 'false',
});
let nginx;
try {
  await waitFor(`${base}/health/ready`, 200, 180000);
  const token = await login(base, ADMIN.email, ADMIN.password);
  const station = await createStation(base, token, 'bench-media');
  const source = join(root, 'festival.mp4');
  await makeProgramme(source, 24);
  const asset = await uploadFile(base, token, station, source, {
    title: 'Festival Batik',
    kind: 'programme',
    presets: 'tv-default',
  });
  for (;;) {
    const res = await fetch(`${base}/api/v1/assets/${asset.id}`, { headers: { authorization: `Bearer ${token}` } });
    const { status, failure } = await res.json();
    if (status === 'ready') break;
    if (status === 'failed') throw new Error(`the programme failed to transcode: ${JSON.stringify(failure)}`);
    await sleep(500);
  }
  const playlist = await (await fetch(await renditionPlaylistUrl(base, token, asset.id, '720p'))).text();
  const segmentPath = playlist.split('\n').find((line) => line.startsWith('/media/'));
  const segment = Buffer.from(await (await fetch(`${base}${segmentPath}`)).arrayBuffer());
  const file = join(root, 'www', segmentPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, segment);
  const nginxPort = await freePort();
  nginx = await startFileNginx(root, nginxPort, join(root, 'www'));
  const nginxUrl = `http://127.0.0.1:${nginxPort}${segmentPath}`;
  const siaranUrl = `${base}${segmentPath}`;
  console.log(`segment ${segmentPath}: ${segment.length} bytes; ${SECONDS} s per run, wrk -t2`);

  const rows = [];
  const ratios = [];
  for (const connections of [100, 1000]) {
    const fromDisk = await wrk(nginxUrl, connections, SECONDS);
    const readsBefore = await metric(base, 'media_cache_storage_reads_total');
    const cpuBefore = cpuSeconds(app.child.pid);
    const fromCache = await wrk(siaranUrl, connections, SECONDS);
    const cpu = (cpuSeconds(app.child.pid) - cpuBefore) / SECONDS;
    const reads = (await metric(base, 'media_cache_storage_reads_total')) - readsBefore;
    rows.push(
      { target: `nginx from disk, ${connections} conn`, ...fromDisk.row, 'storage reads': '-', 'API CPU': '-' },
      {
        target: `siaran /media, ${connections} conn`,
        ...fromCache.row,
        'storage reads': reads,
        'API CPU': `${(100 * cpu).toFixed(0)} %`,
      },
    );
    ratios.push(
      `${connections} connections: siaran / nginx bytes per second ${(fromCache.bytesPerSecond / fromDisk.bytesPerSecond).toFixed(2)} (target >= 0.8); storage reads during the run ${reads} (target 1 in all)`,
    );
  }
  table(rows);
  console.log('');
  for (const line of ratios) console.log(line);
  console.log(`storage reads of the segment since the start: ${await metric(base, 'media_cache_storage_reads_total')}`);
} finally {
  nginx?.kill('SIGTERM');
  app.child.kill('SIGTERM');
  await app.exited;
  rmSync(root, { recursive: true, force: true });
}
