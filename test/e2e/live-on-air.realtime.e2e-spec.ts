import { type ChildProcess, spawn } from 'node:child_process';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { type Broadcast } from '../support/broadcast';
import { LivePlaylistWatcher, openWatchedBroadcast } from '../support/live-invariants';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';

const S = 1000;

/** ffmpeg standing in for OBS: a test picture with a tone, pushed in real time. */
function publishRtmp(url: string): ChildProcess {
  return spawn('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-re'],
    ...[
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
    ],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k'],
    ...['-f', 'flv', url],
  ]);
}

/** ffmpeg standing in for BUTT: an MP3 stream to an Icecast mount. */
function publishIcecast(url: string): ChildProcess {
  return spawn('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-re'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100', '-c:a', 'libmp3lame', '-b:a', '128k'],
    ...['-content_type', 'audio/mpeg', '-f', 'mp3', url],
  ]);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/**
 * Live inputs on air in real time: ffmpeg pushes RTMP to Batik TV and Icecast to Radio Kota
 * Batik; the feeds air through a takeover and a schedule entry, drop and come back, while the
 * channels' playlists keep every live invariant.
 */
describe('live inputs on air (real time)', () => {
  let t: TestApp;
  let broadcast: Broadcast;
  let rtmpPort: number;
  let icecastPort: number;
  const publishers: ChildProcess[] = [];
  const watchers = new Map(
    ['batik-tv/720p', 'batik-tv/360p', 'rkb/audio-128k'].map((p) => [p, new LivePlaylistWatcher(p, 6)]),
  );
  let watching: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    [rtmpPort, icecastPort] = await Promise.all([freePort(), freePort()]);
    t = await createTestApp({
      listen: true,
      env: {
        PLAYOUT_ENABLED: 'true',
        PLAYOUT_TICK_MS: '500',
        RTMP_PORT: String(rtmpPort),
        ICECAST_PORT: String(icecastPort),
      },
    });
    ({ broadcast, watching } = await openWatchedBroadcast(t, watchers));
  }, 300 * S);

  afterAll(async () => {
    clearInterval(watching);
    publishers.forEach((p) => p.kill('SIGKILL'));
    await t?.close();
  });

  const http = () => request(t.app.getHttpServer());
  const nowPlaying = (slug: string) => broadcast.nowPlaying(slug);
  const asRun = (slug: string) => broadcast.asRun(slug);
  const refused = async () => {
    const res = await http().get('/metrics').expect(200);
    return res.text
      .split('\n')
      .filter((line) => line.startsWith('siaran_input_refused_handshakes_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };

  it(
    'refuses a wrong stream key at the handshake and counts it; nothing airs',
    async () => {
      const input = (
        await http()
          .post('/api/v1/channels/batik-tv/inputs')
          .set(broadcast.producer)
          .send({ kind: 'rtmp', name: 'Studio 1' })
          .expect(201)
      ).body;
      const before = await refused();
      const wrong = publishRtmp(`rtmp://127.0.0.1:${rtmpPort}/live/${input.id}.not-the-secret`);
      expect(await exitOf(wrong)).not.toBe(0);
      expect(await refused()).toBe(before + 1);
      expect((await nowPlaying('batik-tv')).live.is_live).toBe(false);
    },
    60 * S,
  );

  it(
    'airs an RTMP feed through a takeover, falls back to filler when it drops, and returns after it reconnects',
    async () => {
      const input = (
        await http()
          .post('/api/v1/channels/batik-tv/inputs')
          .set(broadcast.producer)
          .send({ kind: 'rtmp', name: 'Studio 2 (OBS)' })
          .expect(201)
      ).body;
      const url = `${input.connection.serverUrl.replace(/\/\/[^/]+/, `//127.0.0.1:${rtmpPort}`)}/${input.connection.streamKey}`;
      let obs = publishRtmp(url);
      publishers.push(obs);
      await http()
        .post('/api/v1/channels/batik-tv/live')
        .set(broadcast.producer)
        .send({ inputId: input.id })
        .expect(200);
      const live = await waitFor(
        'the takeover on air',
        async () => {
          const np = await nowPlaying('batik-tv');
          return np.live.is_live ? np : undefined;
        },
        90 * S,
      );
      expect(live.live.input).toEqual({ id: input.id, name: 'Studio 2 (OBS)' });
      expect(live.now_playing?.source).toEqual({ kind: 'live', reason: 'takeover' });

      obs.kill('SIGKILL');
      const fallen = await waitFor(
        'filler after the feed dropped',
        async () => {
          const np = await nowPlaying('batik-tv');
          return np.now_playing?.source.kind === 'filler' ? np : undefined;
        },
        60 * S,
      );
      expect(fallen.now_playing?.source.reason).toBe('live-dropped');

      obs = publishRtmp(url);
      publishers.push(obs);
      await waitFor(
        'live again after the studio reconnected',
        async () => ((await nowPlaying('batik-tv')).live.is_live ? true : undefined),
        90 * S,
      );
      await http().delete('/api/v1/channels/batik-tv/live').set(broadcast.engineer).expect(200);
      await waitFor(
        'the schedule back after the takeover ended',
        async () => ((await nowPlaying('batik-tv')).live.is_live ? undefined : true),
        30 * S,
      );
      obs.kill('SIGKILL');
      const kinds = (await asRun('batik-tv')).map((item) => `${item.kind}:${item.reason}`);
      expect(kinds).toEqual(expect.arrayContaining(['live:takeover', 'filler:live-dropped']));
      expect(kinds.filter((k) => k === 'live:takeover').length).toBeGreaterThanOrEqual(2);
    },
    300 * S,
  );

  it(
    'airs an Icecast feed in its scheduled slot, with the track title the desk sends',
    async () => {
      const input = (
        await http()
          .post('/api/v1/channels/rkb/inputs')
          .set(broadcast.producer)
          .send({ kind: 'icecast', name: 'Meja siar' })
          .expect(201)
      ).body;
      const { mount, user, password } = input.connection;
      const entry = await http()
        .post('/api/v1/schedule-entries')
        .set(broadcast.producer)
        .send({
          channelId: broadcast.channels.get('rkb')?.id,
          programmeId: await broadcast.programme('Kopi Pagi'),
          start: new Date(Date.now() - 60_000).toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).replace(' ', 'T'),
          durationSeconds: 3600,
          source: { kind: 'live', liveInputId: input.id },
        })
        .expect(201);
      expect(entry.body.id).toEqual(expect.any(String));
      const desk = publishIcecast(`icecast://${user}:${password}@127.0.0.1:${icecastPort}/${mount}`);
      publishers.push(desk);
      await waitFor(
        'the live slot on air',
        async () => ((await nowPlaying('rkb')).now_playing?.source.kind === 'live' ? true : undefined),
        90 * S,
      );
      const metadata = await fetch(
        `http://127.0.0.1:${icecastPort}/admin/metadata?mode=updinfo&mount=/${mount}&song=${encodeURIComponent('Dangdut Pantura')}`,
        { headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } },
      );
      expect(metadata.status).toBe(200);
      const titled = await waitFor(
        'the track title in now-playing',
        async () => {
          const np = await nowPlaying('rkb');
          return np.now_playing?.song ? np : undefined;
        },
        20 * S,
      );
      expect(titled.now_playing?.song).toMatchObject({ title: 'Dangdut Pantura' });
      expect(titled.now_playing?.source).toEqual({ kind: 'live', reason: 'scheduled' });
      const health = await http().get('/health/streams').expect(200);
      const rkb = health.body.channels.find((c: { channel: { slug: string } }) => c.channel.slug === 'rkb');
      expect(rkb.inputs).toEqual([expect.objectContaining({ id: input.id, state: 'live' })]);
      desk.kill('SIGKILL');
    },
    200 * S,
  );

  it('kept every playlist valid across the switches', () => {
    for (const watcher of watchers.values()) {
      expect(watcher.fetches).toBeGreaterThan(30);
      expect(watcher.problems).toEqual([]);
    }
  });
});
