import { VodGrants } from '@siaran/media';
import { createTestApp, type TestApp } from '../support/app';
import { login } from '../support/auth';
import { StoredRecording } from '../support/media-assets';
import { metricValue } from '../support/metrics';
import { startNginx, type RunningNginx } from '../support/nginx';
import { createStudio } from '../support/scheduling';

interface Answer {
  status: number;
  body: Buffer;
  headers: Headers;
  sentAt: number;
  receivedAt: number;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const sentAt = performance.now();
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, headers: res.headers, sentAt, receivedAt: performance.now() };
}

const cacheStatus = (answer: Answer) => answer.headers.get('x-cache-status');

/** Events of a Server-Sent Events stream as they arrive, and its response headers. */
function listen(url: string): { events: string[]; headers: Promise<Headers>; stop(): void } {
  const controller = new AbortController();
  const events: string[] = [];
  const response = fetch(url, { signal: controller.signal });
  void response
    .then(async (res) => {
      let text = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += Buffer.from(chunk).toString();
        const blocks = text.split('\n\n');
        text = blocks.pop() ?? '';
        for (const block of blocks) if (block.startsWith('event:')) events.push(block);
      }
    })
    .catch(() => undefined);
  return { events, headers: response.then((res) => res.headers), stop: () => controller.abort() };
}

/**
 * docker/nginx-edge.conf.template run by Debian's nginx in front of the all-in-one: segments
 * are fetched from the API once and then served by the edge, playlists and now-playing are
 * micro-cached for at most a second, now-playing events pass through as they come.
 */
describe('edge cache (docker/nginx-edge.conf.template)', () => {
  let t: TestApp;
  let edge: RunningNginx;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true, env: { PLAYOUT_ENABLED: 'true' } });
    edge = await startNginx('nginx-edge.conf.template', (dir, listen) => ({
      SIARAN_API: new URL(t.url).host,
      EDGE_CACHE_DIR: `${dir}/cache`,
      EDGE_LISTEN: listen,
    }));
    admin = await login(t);
  });
  afterAll(async () => {
    await edge?.close();
    await t?.close();
  });

  it('asks the API for a segment once, however many players ask at once, then serves it whole and in ranges', async () => {
    const recording = await StoredRecording.create(t.app, [300_000, 1000]);
    const [segment] = recording.segments;
    const before = await metricValue(t, 'media_cache_misses_total');
    const first = await Promise.all(Array.from({ length: 10 }, () => get(`${edge.url}${segment.path}`)));
    for (const answer of first) expect([answer.status, answer.body.equals(segment.body)]).toEqual([200, true]);
    expect(await metricValue(t, 'media_cache_misses_total')).toBe(before + 1);
    const hitsBefore = await metricValue(t, 'media_cache_hits_total');
    const again = await get(`${edge.url}${segment.path}`);
    expect([again.status, cacheStatus(again), again.body.equals(segment.body)]).toEqual([200, 'HIT', true]);
    expect(again.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const range = await get(`${edge.url}${segment.path}`, { Range: 'bytes=100-199' });
    expect([range.status, cacheStatus(range), range.headers.get('content-range')]).toEqual([
      206,
      'HIT',
      'bytes 100-199/300000',
    ]);
    expect(range.body.equals(segment.body.subarray(100, 200))).toBe(true);
    expect(await metricValue(t, 'media_cache_hits_total')).toBe(hitsBefore);

    const missing = segment.path.replace('seg-00000.ts', 'seg-00007.ts');
    for (let i = 0; i < 2; i += 1) {
      const answer = await get(`${edge.url}${missing}`);
      expect([answer.status, cacheStatus(answer)]).toEqual([404, 'MISS']);
    }
  });

  it('serves a polled playlist for at most a second after the API gave it, while it changes', async () => {
    const recording = await StoredRecording.create(t.app, [1000]);
    const path = `/vod/${recording.assetId}/tv-default/720p/index.m3u8`;
    const url = `${edge.url}${t.app.get(VodGrants).sign(path, recording.assetId)}`;
    const answers: Answer[] = [];
    const until = performance.now() + 3500;
    const appending = (async () => {
      while (performance.now() < until) {
        await recording.append(1000);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    while (performance.now() < until) answers.push(await get(url));
    await appending;

    expect(answers.every((a) => a.status === 200)).toBe(true);
    const fetched = answers.filter((a) => cacheStatus(a) !== 'HIT');
    const hits = answers.filter((a) => cacheStatus(a) === 'HIT');
    expect(hits.length).toBeGreaterThan(fetched.length);
    expect(new Set(answers.map((a) => a.body.toString())).size).toBeGreaterThan(2);
    for (const hit of hits) {
      const source = fetched.filter((a) => a.receivedAt < hit.sentAt).pop() as Answer;
      // The edge stored `source`'s answer before `source` was received; it may serve it for 1 s.
      expect({ body: hit.body.equals(source.body), ageAtLatest: hit.sentAt - source.receivedAt <= 1000 }).toEqual({
        body: true,
        ageAtLatest: true,
      });
    }
  });

  it('passes now-playing events through as they come, and micro-caches the now-playing JSON', async () => {
    // A new channel: the first event (on connect) has it off air; it goes on air once playout has made its slate.
    await createStudio(t, admin, 'edge');
    const stream = listen(`${edge.url}/api/v1/channels/edge-tv/now-playing/events`);
    try {
      const headers = await stream.headers;
      expect([headers.get('content-type'), headers.get('x-cache-status')]).toEqual([
        'text/event-stream; charset=utf-8',
        null,
      ]);
      await eventWith(stream.events, '"is_online":false', 0);
      await eventWith(stream.events, '"is_online":true', 1);
    } finally {
      stream.stop();
    }
    const json = `${edge.url}/api/v1/channels/edge-tv/now-playing`;
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await get(json));
    expect(answers.map((a) => [a.status, JSON.parse(a.body.toString()).channel.slug])).toEqual(
      Array(10).fill([200, 'edge-tv']),
    );
    expect(answers.map(cacheStatus)).toContain('HIT');
  }, 150_000);
});

/** The index of the first event from `from` on that mentions `text`, once it has come through. */
async function eventWith(events: string[], text: string, from: number): Promise<number> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const index = events.findIndex((event, i) => i >= from && event.includes(text));
    if (index >= 0) return index;
    if (Date.now() > deadline) throw new Error(`no event with ${text} came through the edge: ${events.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
