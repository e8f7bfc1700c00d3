import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { type Broadcast, openBroadcast } from '../support/broadcast';
import { readBuffer } from '../support/media-assets';
import { makeVideo } from '../support/media';

const S = 1000;

async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while ((await fetch(url)).status !== status) {
    if (Date.now() - started > timeoutMs) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Reads `seconds` of a live stream with ffmpeg, an independent client; resolves with its exit code and stderr. */
function readLive(url: string, seconds: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    // From the live edge, so that the 30 s read runs in real time over what airs next.
    const child = spawn('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-live_start_index',
      '-1',
      '-i',
      url,
      '-t',
      String(seconds),
      '-f',
      'null',
      '-',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** Collects Server-Sent Events `now-playing` titles from a stream until stopped. */
function listen(url: string): { titles: string[]; stop: () => void } {
  const controller = new AbortController();
  const titles: string[] = [];
  void (async () => {
    const res = await fetch(url, { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (event.includes('event: now-playing') && data)
          titles.push(JSON.parse(data.slice(6)).now_playing?.title ?? '(off air)');
      }
    }
  })().catch(() => undefined);
  return { titles, stop: () => controller.abort() };
}

/** Playout in real time, as `npm start` runs it: slates made on their own, a programme change read by ffmpeg. */
describe('live stream (real time)', () => {
  let work: string;
  let t: TestApp;
  let broadcast: Broadcast;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-live-'));
    t = await createTestApp({ listen: true, env: { PLAYOUT_ENABLED: 'true', PLAYOUT_TICK_MS: '500' } });
    broadcast = await openBroadcast(t);
    await makeVideo(join(work, 'news.mp4'), { seconds: 12, width: 640, height: 360 });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('airs a generated slate on channels without filler, for TV and radio', async () => {
    await waitForStatus(`${t.url}/live/batik-tv/360p.m3u8`, 200, 120_000);
    await waitForStatus(`${t.url}/live/rkb/audio-64k.m3u8`, 200, 120_000);
    const nowPlaying = (await (await fetch(`${t.url}/api/v1/channels/rkb/now-playing`)).json()) as {
      now_playing: { title: string; source: { kind: string } };
    };
    expect(nowPlaying.now_playing).toMatchObject({
      title: 'Jeda siaran (hening) · Radio Kota Batik',
      source: { kind: 'filler' },
    });
  });

  it('is read by ffmpeg for 30 s across a programme change, with now-playing pushed over SSE and copied to storage', async () => {
    const [news] = await broadcast.readyAssets([
      { path: join(work, 'news.mp4'), title: 'Kabar Pekalongan', preset: 'tv-default' },
    ]);
    const events = listen(`${t.url}/api/v1/channels/batik-tv/now-playing/events`);
    await broadcast.scheduleOnce('batik-tv', 'Kabar Pekalongan', news, Date.now() + 8 * S, 12);
    try {
      const { code, stderr } = await readLive(`${t.url}/live/batik-tv/360p.m3u8`, 30);
      // ffmpeg's demuxer notes each join as non-monotonic DTS: that is ffmpeg, not the stream.
      const errors = stderr
        .split('\n')
        .filter((line) => line.trim() && !/non monotonically increasing dts|Non-monotonous DTS/i.test(line));
      expect({ code, errors }).toEqual({ code: 0, errors: [] });
      const deadline = Date.now() + 10 * S;
      while (!events.titles.includes('Kabar Pekalongan') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      events.stop();
    }
    expect(events.titles[0]).toBe('Slate · Batik TV');
    expect(events.titles).toContain('Kabar Pekalongan');
    const copy = JSON.parse(
      (await readBuffer(await t.app.get(ObjectStorage).get(StorageKeys.nowPlaying('batik-tv')))).toString('utf8'),
    );
    expect(copy.channel.slug).toBe('batik-tv');
  });
});
