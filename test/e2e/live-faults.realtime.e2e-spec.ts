import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { type Broadcast, openBroadcast } from '../support/broadcast';
import { LivePlaylistWatcher, pollLivePlaylists } from '../support/live-invariants';
import { freePort } from '../support/ports';
import { type RunningFfmpeg, startFfmpeg, studioAv } from '../support/studios';
import { waitFor, waitForOnAir } from '../support/wait';

const S = 1000;

interface NowPlayingBody {
  live: { is_live: boolean; input: { id: string; name: string } | null };
  now_playing: null | { source: { kind: string; reason?: string } };
}

interface InputHealthBody {
  id: string;
  state: string;
  encoderRestarts: number;
}

/** The live encoders this test process runs: ffmpeg children writing into a `siaran-live-` work directory. */
function liveEncoderPids(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'siaran-live-'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Faults while a studio is on air, with ffmpeg standing in for OBS: the live encoder killed
 * under a connected studio, the input re-keyed while it airs, a flapping feed, and the input
 * deleted while it airs. The channel's playlists keep every live invariant throughout.
 */
describe('live faults (real time)', () => {
  let t: TestApp;
  let broadcast: Broadcast;
  let rtmpPort: number;
  const studios: RunningFfmpeg[] = [];
  const watchers = new Map(['batik-tv/720p', 'batik-tv/360p'].map((path) => [path, new LivePlaylistWatcher(path, 6)]));
  let watching: NodeJS.Timeout | undefined;
  let input: { id: string; connection: { serverUrl: string; streamKey: string } };
  /** The input's stream key after the rotation in the second test. */
  let streamKey: string;

  beforeAll(async () => {
    rtmpPort = await freePort();
    t = await createTestApp({
      listen: true,
      env: { PLAYOUT_ENABLED: 'true', PLAYOUT_TICK_MS: '500', RTMP_PORT: String(rtmpPort) },
    });
    broadcast = await openBroadcast(t);
    await waitForOnAir(t.url, 'batik-tv', 180 * S);
    watching = pollLivePlaylists(t.url, watchers, S);
    input = (
      await http()
        .post('/api/v1/channels/batik-tv/inputs')
        .set(broadcast.producer)
        .send({ kind: 'rtmp', name: 'Studio Batik' })
        .expect(201)
    ).body;
  }, 300 * S);

  afterAll(async () => {
    clearInterval(watching);
    studios.forEach((studio) => studio.stop());
    await t?.close();
  });

  const http = () => request(t.app.getHttpServer());
  const nowPlaying = async () =>
    (await http().get('/api/v1/channels/batik-tv/now-playing').expect(200)).body as NowPlayingBody;
  const inputHealth = async () => {
    const res = await http().get('/health/streams').expect(200);
    const channel = res.body.channels.find((c: { channel: { slug: string } }) => c.channel.slug === 'batik-tv');
    return (channel.inputs as InputHealthBody[]).find((i) => i.id === input.id);
  };
  const publish = (streamKey: string) => {
    const studio = startFfmpeg([...studioAv(600), '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/live/${streamKey}`]);
    studios.push(studio);
    return studio;
  };

  it(
    'starts a killed live encoder again while the studio stays connected, and the feed airs on',
    async () => {
      const studio = publish(input.connection.streamKey);
      await http()
        .post('/api/v1/channels/batik-tv/live')
        .set(broadcast.producer)
        .send({ inputId: input.id })
        .expect(200);
      await waitFor('the takeover on air', async () => ((await nowPlaying()).live.is_live ? true : undefined), 90 * S);
      const [encoder] = liveEncoderPids();
      expect(encoder).toEqual(expect.any(Number));

      process.kill(encoder, 'SIGKILL');
      const restarted = await waitFor(
        'a new live encoder',
        async () => {
          const pids = liveEncoderPids();
          return pids.length === 1 && pids[0] !== encoder ? pids[0] : undefined;
        },
        30 * S,
      );
      expect(restarted).not.toBe(encoder);
      const health = await waitFor(
        'the restart counted and the input live again',
        async () => {
          const h = await inputHealth();
          return h && h.encoderRestarts >= 1 && h.state === 'live' ? h : undefined;
        },
        60 * S,
      );
      expect(health.encoderRestarts).toBe(1);
      expect(studio.child.exitCode).toBeNull();
      const np = await nowPlaying();
      expect([np.live.is_live, np.now_playing?.source]).toEqual([true, { kind: 'live', reason: 'takeover' }]);
    },
    240 * S,
  );

  it(
    'ends the session when the key is rotated on air: the studio is cut, filler airs, the old key is refused',
    async () => {
      const [studio] = studios.slice(-1);
      const rotated = (
        await http().post(`/api/v1/inputs/${input.id}/rotate-secret`).set(broadcast.producer).expect(200)
      ).body as { connection: { streamKey: string } };
      expect(rotated.connection.streamKey).not.toBe(input.connection.streamKey);

      const { code } = await studio.exited;
      expect(code).not.toBe(0);
      const fallen = await waitFor(
        'filler after the session ended',
        async () => {
          const np = await nowPlaying();
          return !np.live.is_live && np.now_playing?.source.kind === 'filler' ? np : undefined;
        },
        60 * S,
      );
      expect(fallen.now_playing?.source).toEqual({ kind: 'filler', reason: 'live-dropped' });
      expect(liveEncoderPids()).toEqual([]);

      const stale = publish(input.connection.streamKey);
      expect((await stale.exited).code).not.toBe(0);
      expect((await nowPlaying()).live.is_live).toBe(false);

      streamKey = rotated.connection.streamKey;
      publish(streamKey);
      await waitFor(
        'live again on the new key',
        async () => ((await nowPlaying()).live.is_live ? true : undefined),
        90 * S,
      );
    },
    240 * S,
  );

  it(
    'stays on filler while a feed connects and drops every few seconds, and returns once it holds',
    async () => {
      const [steady] = studios.slice(-1);
      steady.stop();
      await waitFor(
        'filler after the studio left',
        async () => ((await nowPlaying()).now_playing?.source.kind === 'filler' ? true : undefined),
        60 * S,
      );
      // Each connection lasts 4 s, less than the two good 6 s segments in a row a return needs.
      const sources: string[] = [];
      const flapping = Date.now();
      while (Date.now() - flapping < 60 * S) {
        const studio = publish(streamKey);
        for (let second = 0; second < 4; second += 1) {
          await new Promise((resolve) => setTimeout(resolve, S));
          const np = await nowPlaying();
          sources.push(np.live.is_live ? 'live' : (np.now_playing?.source.kind ?? 'nothing'));
        }
        studio.stop();
        await new Promise((resolve) => setTimeout(resolve, 3 * S));
      }
      expect(sources.length).toBeGreaterThan(30);
      expect(new Set(sources)).toEqual(new Set(['filler']));

      publish(streamKey);
      await waitFor(
        'live again once the feed holds',
        async () => ((await nowPlaying()).live.is_live ? true : undefined),
        90 * S,
      );
    },
    300 * S,
  );

  it(
    'ends the session when the input is deleted on air: the studio is cut, filler airs, no encoder is left',
    async () => {
      const [studio] = studios.slice(-1);
      await http().delete(`/api/v1/inputs/${input.id}`).set(broadcast.producer).expect(204);
      const { code } = await studio.exited;
      expect(code).not.toBe(0);
      const fallen = await waitFor(
        'the schedule or filler after the input was deleted',
        async () => {
          const np = await nowPlaying();
          return !np.live.is_live && np.now_playing ? np : undefined;
        },
        60 * S,
      );
      expect(fallen.now_playing?.source.kind).not.toBe('live');
      await waitFor('no live encoder', async () => (liveEncoderPids().length === 0 ? true : undefined), 30 * S);
      await http().get(`/api/v1/inputs/${input.id}`).set(broadcast.producer).expect(404);
    },
    240 * S,
  );

  it('kept every playlist valid across the faults', () => {
    for (const watcher of watchers.values()) {
      expect(watcher.fetches).toBeGreaterThan(30);
      expect(watcher.problems).toEqual([]);
    }
  });
});
