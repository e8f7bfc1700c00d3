// Helpers for the media delivery benchmarks: a noisy 720p programme, nginx on its own prefix, wrk, /metrics.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, sleep } from './support.mjs';

const run = promisify(execFile);

/** A 720p25 programme of `seconds` with film-grain noise, so that the 720p rendition spends its whole bitrate. */
export async function makeProgramme(path, seconds) {
  await run('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=1280x720:r=25:d=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=f=440:r=48000:d=${seconds}`,
    '-vf',
    'noise=alls=12:allf=t',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '18',
    '-c:a',
    'aac',
    path,
  ]);
}

/**
 * Debian's nginx as a foreground process with everything under `root` (pid, logs, temp files);
 * `http` is the rest of its http block (servers, caches). Resolves once `port` answers.
 */
export async function startNginx(root, port, http) {
  mkdirSync(join(root, 'nginx-temp'), { recursive: true, mode: 0o777 });
  chmodSync(join(root, 'nginx-temp'), 0o777);
  const conf = join(root, 'nginx.conf');
  const temp = (name) => `${name}_temp_path ${root}/nginx-temp/${name};`;
  writeFileSync(
    conf,
    `worker_processes auto;
worker_rlimit_nofile 20000;
pid ${root}/nginx.pid;
error_log ${root}/nginx-error.log;
daemon off;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  types { video/mp2t ts; application/vnd.apple.mpegurl m3u8; }
  ${http}
}
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-c', conf, '-p', root], { stdio: 'ignore' });
  for (let tries = 0; ; tries += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch (error) {
      if (tries === 200) throw error;
      await sleep(25);
    }
  }
}

/** nginx serving the files under `dir` on `port`. */
export function startFileNginx(root, port, dir) {
  return startNginx(root, port, `server { listen 127.0.0.1:${port}; location / { root ${dir}; } }`);
}

/** The production edge (docker/nginx-edge.conf.template) on `port`, in front of the API at `apiHost`. */
export function startEdgeNginx(root, port, apiHost) {
  const cache = join(root, 'edge-cache');
  mkdirSync(cache, { recursive: true, mode: 0o777 });
  chmodSync(cache, 0o777);
  const values = { SIARAN_API: apiHost, EDGE_CACHE_DIR: cache, EDGE_LISTEN: `127.0.0.1:${port}` };
  const template = readFileSync(join(ROOT, 'docker/nginx-edge.conf.template'), 'utf8');
  return startNginx(
    root,
    port,
    template.replace(/\$\{([A-Z_]+)\}/g, (whole, name) => values[name] ?? whole),
  );
}

const UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
const toMs = (text) => {
  const match = /([\d.]+)(us|ms|s)/.exec(text);
  if (!match) return NaN;
  return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2]];
};

/**
 * wrk (two threads) against `url` with `connections` keep-alive connections for `seconds`:
 * requests and bytes per second (bytes read, headers included), latency p50/p99 and errors.
 */
export async function wrk(url, connections, seconds) {
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s', url],
    {
      maxBuffer: 1 << 20,
    },
  );
  const requestsPerSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]);
  const read = /(\d+) requests in ([\d.]+)(s|m), ([\d.]+)([KMG]?B) read/.exec(stdout);
  const elapsed = Number(read[2]) * (read[3] === 'm' ? 60 : 1);
  const bytesPerSecond = (Number(read[4]) * UNITS[read[5]]) / elapsed;
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const errorCount =
    (errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return {
    bytesPerSecond,
    requestsPerSecond,
    row: {
      'req/s': Math.round(requestsPerSecond),
      'MB/s': Math.round(bytesPerSecond / 1024 ** 2),
      'p50 ms': toMs(/50%\s+(\S+)/.exec(stdout)[1]),
      'p99 ms': toMs(/99%\s+(\S+)/.exec(stdout)[1]),
      errors: errorCount,
    },
  };
}

/** The value of an unlabelled metric on an app's /metrics. */
export async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`/metrics has no ${name}`);
  return Number(line.split(' ').pop());
}

/**
 * The signed URL of one rendition's VOD media playlist of a ready asset, as a station user gets
 * it (the asset's vodUrl, then that rendition's entry in its multivariant playlist); undefined
 * while the asset is not ready.
 */
export async function renditionPlaylistUrl(base, token, assetId, rendition) {
  const asset = await (
    await fetch(`${base}/api/v1/assets/${assetId}`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  if (!asset.vodUrl) return undefined;
  const master = new URL(asset.vodUrl);
  const text = await (await fetch(`${base}${master.pathname}${master.search}`)).text();
  const uri = text.split('\n').find((line) => line.startsWith(`${asset.variants[0].preset}/${rendition}/`));
  return uri && new URL(uri, `${base}${master.pathname}`).href;
}
