// (b) segment closed → listed and (c) glass-to-glass, through the whole system: the built all-in-one
// with its demo channels, ffmpeg standing in for OBS pushing RTMP to a Batik TV input that takes the
// channel over, and hls.js in Debian's Chromium playing the channel's public page.
//
// The studio feed carries its own frame number in 16 black and white bars across the top of the
// picture (bit i of the frame number in bar i), so the frame on the viewer's screen tells when it
// left the studio: frame n left at the push's start + n / 25 s (ffmpeg -re paces the feed).
// "Closed" is when every rendition's playlist written by the live encoder lists a segment; "listed"
// is when the channel's public 720p playlist lists it.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ADMIN, freePort, sleep, startAllInOne, waitFor } from './support.mjs';
import { api } from './upload-support.mjs';

const FPS = 25;
const BARS = 16;
const SEGMENT_RE = /seg-(\d+)\.ts/;

/** A 720p25 test pattern with the frame-number bars and a tone, pushed over RTMP in real time. */
function pushStudio(url, seconds) {
  const bars = `color=c=black:s=${BARS}x1:r=${FPS},format=yuv444p,geq=lum='if(mod(floor(N/pow(2\\,X))\\,2)\\,235\\,16)':cb=128:cr=128,scale=1280:80:flags=neighbor,format=yuv420p[bars];[0:v][bars]overlay=0:0:shortest=1[v]`;
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=s=1280x720:r=${FPS}:d=${seconds}`,
      '-f',
      'lavfi',
      '-i',
      `sine=f=440:r=48000:d=${seconds}`,
      '-filter_complex',
      bars,
      '-map',
      '[v]',
      '-map',
      '1:a',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-g',
      '50',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-f',
      'flv',
      url,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { child, startedAt: Date.now() };
}

/** Segment indexes each rendition playlist of the live encoder's work directories lists. */
function encoderListings(tmp) {
  const byRendition = [];
  for (const work of readdirSync(tmp).filter((name) => name.startsWith('siaran-live-'))) {
    let renditions;
    try {
      renditions = readdirSync(join(tmp, work), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    } catch {
      continue;
    }
    for (const rendition of renditions) {
      const playlist = join(tmp, work, rendition.name, 'index.m3u8');
      if (!existsSync(playlist)) continue;
      try {
        const text = readFileSync(playlist, 'utf8');
        byRendition.push(new Set([...text.matchAll(/seg-(\d+)\.ts/g)].map((match) => Number(match[1]))));
      } catch {
        continue;
      }
    }
  }
  return byRendition;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Reads the frame number from the bars of what the page's video shows now; null before a frame is decoded. */
const READ_FRAME = `(() => {
  const video = document.querySelector('video');
  if (!video || video.readyState < 2 || video.paused) return null;
  const canvas = document.createElement('canvas');
  canvas.width = ${BARS};
  canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(video, 0, 0, video.videoWidth, video.videoHeight * 40 / 720, 0, 0, ${BARS}, 1);
  const pixels = context.getImageData(0, 0, ${BARS}, 1).data;
  let frame = 0;
  for (let bar = 0; bar < ${BARS}; bar += 1) if (pixels[bar * 4] > 128) frame += 2 ** bar;
  return { frame, at: Date.now() };
})()`;

async function watch(base, seconds) {
  const profile = mkdtempSync(join(tmpdir(), 'siaran-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/watch/batik-tv`);
    const samples = [];
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      const sample = await page.evaluate(READ_FRAME);
      if (sample) samples.push(sample);
      await sleep(1000);
    }
    return samples;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function airLatencies(seconds) {
  // The live encoder's work directories, watched for the segments it closes.
  const tmp = mkdtempSync(join(tmpdir(), 'siaran-bench-live-work-'));
  chmodSync(tmp, 0o755);
  const rtmpPort = await freePort();
  const { root, base, app } = await startAllInOne('live-air', {
    RTMP_PORT: String(rtmpPort),
    ICECAST_PORT: '0',
    TMPDIR: tmp,
  });

  let studio;
  try {
    await waitFor(`${base}/live/batik-tv/720p.m3u8`, 200, 300000);
    const { token } = await api(base, null, 'POST', '/api/v1/auth/login', ADMIN);
    const input = await api(base, token, 'POST', '/api/v1/channels/batik-tv/inputs', {
      kind: 'rtmp',
      name: 'Bench studio',
    });
    const before = await (await fetch(`${base}/live/batik-tv/720p.m3u8`)).text();
    const airedBefore = new Set([...before.matchAll(/assets\/([0-9a-f-]{36})\//g)].map((match) => match[1]));
    studio = pushStudio(`rtmp://127.0.0.1:${rtmpPort}/live/${input.connection.streamKey}`, seconds + 120);
    await api(base, token, 'POST', '/api/v1/channels/batik-tv/live', { inputId: input.id });

    const closedAt = new Map();
    const listedAt = new Map();
    const viewing = (async () => {
      await waitFor(`${base}/api/v1/channels/batik-tv/now-playing`, 200, 60000);
      for (;;) {
        const now = await (await fetch(`${base}/api/v1/channels/batik-tv/now-playing`)).json();
        if (now.now_playing?.source?.kind === 'live') break;
        await sleep(500);
      }
      return watch(base, seconds);
    })();
    const until = Date.now() + (seconds + 40) * 1000;
    while (Date.now() < until) {
      const listings = encoderListings(tmp);
      const now = Date.now();
      if (listings.length > 0)
        for (const index of listings[0])
          if (!closedAt.has(index) && listings.every((listed) => listed.has(index))) closedAt.set(index, now);
      const playlist = await (await fetch(`${base}/live/batik-tv/720p.m3u8`)).text();
      const seen = Date.now();
      for (const line of playlist.split('\n')) {
        const asset = /assets\/([0-9a-f-]{36})\//.exec(line)?.[1];
        const index = SEGMENT_RE.exec(line)?.[1];
        if (asset && index !== undefined && !airedBefore.has(asset) && !listedAt.has(Number(index)))
          listedAt.set(Number(index), seen);
      }
      await sleep(20);
    }
    const samples = await viewing;
    const listing = [...listedAt]
      .filter(([index]) => closedAt.has(index))
      .map(([index, at]) => at - closedAt.get(index));
    // A frame number the feed had not reached yet is no frame of it (the slate while the feed was late).
    const glass = samples
      .map(({ frame, at }) => (at - (studio.startedAt + (frame * 1000) / FPS)) / 1000)
      .filter((latency) => latency >= 0);
    return { listing, glass, notFromTheFeed: samples.length - glass.length };
  } finally {
    studio?.child.kill('SIGKILL');
    app.child.kill('SIGTERM');
    await app.exited;
    rmSync(root, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function describeAirLatencies({ listing, glass, notFromTheFeed }, targetSeconds) {
  const ms = (value) => `${Math.round(value)} ms`;
  const s = (value) => `${value.toFixed(1)} s`;
  return [
    listing.length === 0
      ? '(b) no live segment was both seen closed and listed'
      : `(b) segment closed -> listed, ${listing.length} segments: p50 ${ms(percentile(listing, 50))}, p95 ${ms(percentile(listing, 95))} (target p95 <= 1000 ms)`,
    glass.length === 0
      ? '(c) the player showed no frame of the live feed'
      : `(c) glass-to-glass in hls.js (Chromium), ${glass.length} samples: median ${s(percentile(glass, 50))}, max ${s(Math.max(...glass))}, ${notFromTheFeed} samples showing no frame of the feed (target <= ${s(targetSeconds)} = 3.5 x target duration + 2 s)`,
  ];
}
