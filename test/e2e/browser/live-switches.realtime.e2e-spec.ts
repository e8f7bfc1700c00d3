/**
 * Issue 12's acceptance, in one run of a few minutes: ffmpeg standing in for vMix pushes SRT to
 * Batik TV's scheduled live slot, ffmpeg standing in for OBS takes over over RTMP, ffmpeg standing
 * in for BUTT pushes Icecast MP3 to Radio Kota Batik's slot and sends track titles; a wrong stream
 * key is refused at the handshake; feeds drop and come back. Meanwhile
 * hls.js in Chromium plays Batik TV and an ffmpeg client reads its 360p playlist, across every
 * switch, and every playlist keeps the live invariants.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/app';
import { type Broadcast } from '../../support/broadcast';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { LivePlaylistWatcher, openWatchedBroadcast } from '../../support/live-invariants';
import { snapshot, startPlayback, until, waitForPage, WATCH_FRAGMENTS } from '../../support/player-page';
import { freePort } from '../../support/ports';
import { type RunningFfmpeg, startFfmpeg, studioAv, studioMp3 } from '../../support/studios';
import { waitFor } from '../../support/wait';

const S = 1000;

interface Connection {
  serverUrl?: string;
  streamKey?: string;
  url?: string;
  mount?: string;
  user?: string;
  password?: string;
}

/** The last `frame=` count an ffmpeg run with `-progress pipe:2` printed: how many video frames it read. */
function framesRead(progress: string): number {
  const frames = [...progress.matchAll(/^frame=(\d+)$/gm)].map((match) => Number(match[1]));
  return frames.at(-1) ?? 0;
}

describe('live switches across SRT, RTMP and Icecast, played by hls.js and read by ffmpeg (real time)', () => {
  let t: TestApp;
  let broadcast: Broadcast;
  let browser: TestBrowser;
  let ports: { rtmp: number; icecast: number; srt: number };
  const studios: RunningFfmpeg[] = [];
  const watchers = new Map(
    ['batik-tv/720p', 'batik-tv/360p', 'rkb/audio-128k'].map((path) => [path, new LivePlaylistWatcher(path, 6)]),
  );
  let watching: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    ports = { rtmp: await freePort(), icecast: await freePort(), srt: await freePort() };
    [t, browser] = await Promise.all([
      createTestApp({
        listen: true,
        env: {
          PLAYOUT_ENABLED: 'true',
          PLAYOUT_TICK_MS: '500',
          RTMP_PORT: String(ports.rtmp),
          ICECAST_PORT: String(ports.icecast),
          SRT_PORTS: `${ports.srt}-${ports.srt}`,
        },
      }),
      launchBrowser(),
    ]);
    ({ broadcast, watching } = await openWatchedBroadcast(t, watchers));
  }, 300 * S);

  afterAll(async () => {
    clearInterval(watching);
    studios.forEach((studio) => studio.stop());
    await browser?.close();
    await t?.close();
  });

  const http = () => request(t.app.getHttpServer());
  const createInput = async (slug: string, kind: string, name: string) =>
    (await http().post(`/api/v1/channels/${slug}/inputs`).set(broadcast.producer).send({ kind, name }).expect(201))
      .body as { id: string; connection: Connection };
  const studio = (args: string[]) => {
    const running = startFfmpeg(args);
    studios.push(running);
    return running;
  };
  const sourceOf = async (slug: string) => {
    const now = (await broadcast.nowPlaying(slug)).now_playing;
    return now ? `${now.source.kind}:${now.source.reason}` : 'off-air';
  };
  const refusedHandshakes = async () =>
    (await http().get('/metrics').expect(200)).text
      .split('\n')
      .filter((line) => line.startsWith('siaran_input_refused_handshakes_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  const onAir = (slug: string, source: string, timeoutMs: number) =>
    waitFor(`${slug} airing ${source}`, async () => ((await sourceOf(slug)) === source ? true : undefined), timeoutMs);

  it(
    'airs each feed in its slot and through a takeover, falls back when they drop, and plays across it all',
    async () => {
      const vmix = await createInput('batik-tv', 'srt', 'vMix Studio 1');
      const obs = await createInput('batik-tv', 'rtmp', 'OBS Studio 2');
      const desk = await createInput('rkb', 'icecast', 'Meja siar');
      const now = Date.now();
      await broadcast.scheduleLive('batik-tv', 'Dialog Walikota', vmix.id, now - 60 * S, 3600);
      await broadcast.scheduleLive('rkb', 'Kopi Pagi', desk.id, now - 60 * S, 3600);

      const srtUrl = (vmix.connection.url as string).replace(/\/\/[^:/]+:\d+/, `//127.0.0.1:${ports.srt}`);
      const rtmpUrl = `${(obs.connection.serverUrl as string).replace(/\/\/[^/]+/, `//127.0.0.1:${ports.rtmp}`)}/${obs.connection.streamKey}`;
      const { mount, user, password } = desk.connection;
      const icecastUrl = `icecast://${user}:${password}@127.0.0.1:${ports.icecast}/${mount}`;
      const pushSrt = () => studio([...studioAv(600), '-f', 'mpegts', srtUrl]);
      const pushIcecast = () => studio([...studioMp3(600), '-content_type', 'audio/mpeg', '-f', 'mp3', icecastUrl]);

      // A wrong stream key is refused at the handshake and counted; nothing airs.
      const refusedBefore = await refusedHandshakes();
      const wrongKey = startFfmpeg([
        ...studioAv(5),
        ...['-f', 'flv', `${rtmpUrl.slice(0, rtmpUrl.lastIndexOf('/'))}/${obs.id}.not-the-secret`],
      ]);
      expect((await wrongKey.exited).code).not.toBe(0);
      expect(await refusedHandshakes()).toBe(refusedBefore + 1);

      const srt = pushSrt();
      const icecast = pushIcecast();
      await onAir('batik-tv', 'live:scheduled', 90 * S);
      await onAir('rkb', 'live:scheduled', 90 * S);

      // The radio desk sends the track title, as BUTT and Mixxx do, and now-playing shows it.
      const song = encodeURIComponent('Dangdut Pantura');
      const metadata = await fetch(
        `http://127.0.0.1:${ports.icecast}/admin/metadata?mode=updinfo&mount=/${mount}&song=${song}`,
        { headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } },
      );
      expect(metadata.status).toBe(200);
      await waitFor(
        'the track title in now-playing',
        async () => (await broadcast.nowPlaying('rkb')).now_playing?.song?.title === 'Dangdut Pantura' || undefined,
        20 * S,
      );
      const health = await http().get('/health/streams').expect(200);
      const rkb = health.body.channels.find((c: { channel: { slug: string } }) => c.channel.slug === 'rkb');
      expect(rkb.inputs).toEqual([expect.objectContaining({ id: desk.id, state: 'live' })]);

      // A viewer and an IPTV box join while the SRT slot airs.
      const client = startFfmpeg([
        ...['-progress', 'pipe:2', '-i', `${t.url}/live/batik-tv/360p.m3u8`, '-c', 'copy', '-f', 'null', '-'],
      ]);
      const { page, errors, screenshot } = await browser.open();
      await page.goto(`${t.url}/watch/batik-tv`);
      await waitForPage(page, 'window.__siaranPlayer && window.__siaranPlayer.hls', 20 * S);
      await page.evaluate(WATCH_FRAGMENTS);
      await startPlayback(page, 'tv');
      const start = await snapshot(page);

      // OBS takes over; it drops, filler stands in; the takeover ends and the SRT slot is back.
      const rtmp = studio([...studioAv(600), '-f', 'flv', rtmpUrl]);
      await http().post('/api/v1/channels/batik-tv/live').set(broadcast.producer).send({ inputId: obs.id }).expect(200);
      await onAir('batik-tv', 'live:takeover', 90 * S);
      expect((await broadcast.nowPlaying('batik-tv')).live.input).toEqual({ id: obs.id, name: 'OBS Studio 2' });
      rtmp.stop();
      await onAir('batik-tv', 'filler:live-dropped', 60 * S);
      await http().delete('/api/v1/channels/batik-tv/live').set(broadcast.producer).expect(200);
      await onAir('batik-tv', 'live:scheduled', 60 * S);

      // vMix and the radio desk drop and reconnect, as studios do.
      srt.stop();
      icecast.stop();
      await onAir('batik-tv', 'filler:live-dropped', 60 * S);
      await onAir('rkb', 'filler:live-dropped', 60 * S);
      pushSrt();
      pushIcecast();
      await onAir('batik-tv', 'live:scheduled', 90 * S);
      await onAir('rkb', 'live:scheduled', 90 * S);

      const played = await until(
        page,
        (s) => s.currentTime - start.currentTime >= 60 && new Set(s.playedCc).size >= 5,
        120 * S,
        'hls.js did not play across the switches',
      );
      await screenshot('live-switches-batik-tv');
      expect(played.reloaded).toBe(false);
      expect(played.state).toBe('playing');
      expect(played.errors.filter((error) => error.fatal)).toEqual([]);
      expect(errors).toEqual([]);
      process.stdout.write(
        `hls.js: ${(played.currentTime - start.currentTime).toFixed(1)} s played over ${new Set(played.playedCc).size} discontinuities; errors (none fatal): ${JSON.stringify(played.errors)}\n`,
      );

      // The client read on through every switch: it is still reading, and has read a minute of 25 fps video.
      expect(client.child.exitCode).toBeNull();
      client.child.kill('SIGINT');
      const read = await client.exited;
      expect(framesRead(read.stderr)).toBeGreaterThanOrEqual(60 * 25);

      const batik = (await broadcast.asRun('batik-tv')).map(
        (item) => `${item.kind}:${item.reason}:${item.liveInputId}`,
      );
      expect(batik).toEqual(
        expect.arrayContaining([`live:scheduled:${vmix.id}`, `live:takeover:${obs.id}`, 'filler:live-dropped:null']),
      );
      expect(batik.filter((item) => item === `live:scheduled:${vmix.id}`).length).toBeGreaterThanOrEqual(3);
      const radio = (await broadcast.asRun('rkb')).map((item) => `${item.kind}:${item.reason}`);
      expect(radio.filter((item) => item === 'live:scheduled').length).toBeGreaterThanOrEqual(2);
      expect(radio).toContain('filler:live-dropped');
    },
    600 * S,
  );

  it('kept every playlist valid across the switches', () => {
    for (const watcher of watchers.values()) {
      expect(watcher.fetches).toBeGreaterThan(60);
      expect(watcher.problems).toEqual([]);
    }
  });
});
