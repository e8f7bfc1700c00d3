import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  type CredentialCheck,
  FeedHandler,
  type FeedVerdict,
  IcecastIngestServer,
  type IncomingFeed,
  IngestServersModule,
  InputCredentials,
  type InputForIngest,
  type RelaySpec,
  RtmpIngestServer,
  rtmpReadBackInputArgs,
  type SrtListenerSpec,
  srtListenerInputArgs,
} from '@siaran/ingest';
import { MetricsModule, MetricsRegistry } from '@siaran/observability';
import { ffmpeg, ffprobeJson } from '../support/media';
import { freePort } from '../support/ports';
import { startFfmpeg, studioAv, studioMp3 } from '../support/studios';

interface StandInInput {
  input: InputForIngest;
  secret: string;
  mount?: string;
  disabled?: boolean;
}

function input(id: string, kind: InputForIngest['kind']): InputForIngest {
  return { id, channelId: 'ch-1', stationId: 'st-1', kind, name: id, airWhenConnected: true, outsideSlots: 'refuse' };
}

/** Stands in for the live inputs service: a fixed list of inputs with their secrets. */
class FixedCredentials extends InputCredentials {
  constructor(private readonly inputs: StandInInput[]) {
    super();
  }

  async checkRtmp(streamKey: string): Promise<CredentialCheck> {
    const dot = streamKey.indexOf('.');
    const id = dot < 0 ? streamKey : streamKey.slice(0, dot);
    const found = this.inputs.find((i) => i.input.kind === 'rtmp' && i.input.id === id);
    return this.check(found, dot < 0 ? null : streamKey.slice(dot + 1));
  }

  async checkIcecast(mount: string, user: string, password: string): Promise<CredentialCheck> {
    const found = this.inputs.find((i) => i.input.kind === 'icecast' && i.mount === mount);
    return this.check(found, user === 'source' ? password : null);
  }

  async srtListeners(): Promise<SrtListenerSpec[]> {
    return [];
  }

  async relays(): Promise<RelaySpec[]> {
    return [];
  }

  private check(found: StandInInput | undefined, secret: string | null): CredentialCheck {
    if (!found) return { ok: false, reason: 'unknown-input' };
    if (found.disabled) return { ok: false, reason: 'disabled', inputId: found.input.id };
    if (secret !== found.secret) return { ok: false, reason: 'wrong-secret', inputId: found.input.id };
    return { ok: true, input: found.input };
  }
}

/** Stands in for the session manager: records every feed and answers with `verdict`. */
class RecordingFeedHandler extends FeedHandler {
  readonly feeds: IncomingFeed[] = [];
  verdict: FeedVerdict = { accepted: true };
  private taken = 0;
  private waiting: ((feed: IncomingFeed) => void) | null = null;

  async accept(feed: IncomingFeed): Promise<FeedVerdict> {
    this.feeds.push(feed);
    this.waiting?.(feed);
    return this.verdict;
  }

  /** The next feed that reached the handler. */
  next(): Promise<IncomingFeed> {
    return new Promise((resolve) => {
      const take = () => resolve(this.feeds[this.taken++]);
      if (this.feeds.length > this.taken) take();
      else this.waiting = () => ((this.waiting = null), take());
    });
  }
}

const TV = input('tv-1', 'rtmp');
const TV_SECOND = input('tv-2', 'rtmp');
const TV_REFUSED = input('tv-3', 'rtmp');
const TV_OFF = input('tv-off', 'rtmp');
const RADIO = input('radio-1', 'icecast');
const RADIO_SOURCE = input('radio-2', 'icecast');
const RADIO_OFF = input('radio-off', 'icecast');
const SECRET = 'Zk3-s3cret_key';

const credentials = new FixedCredentials([
  { input: TV, secret: SECRET },
  { input: TV_SECOND, secret: SECRET },
  { input: TV_REFUSED, secret: SECRET },
  { input: TV_OFF, secret: SECRET, disabled: true },
  { input: RADIO, secret: 'radio-pw', mount: 'rkb' },
  { input: RADIO_SOURCE, secret: 'radio-pw', mount: 'rsk' },
  { input: RADIO_OFF, secret: 'radio-pw', mount: 'off', disabled: true },
]);
const handler = new RecordingFeedHandler();

@Module({
  providers: [
    { provide: InputCredentials, useValue: credentials },
    { provide: FeedHandler, useValue: handler },
  ],
  exports: [InputCredentials, FeedHandler],
})
class StandInsModule {}

let app: TestingModule;
let rtmpPort: number;
let icecastPort: number;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'siaran-ingest-'));
  app = await Test.createTestingModule({
    imports: [
      MetricsModule,
      IngestServersModule.register({
        imports: [StandInsModule],
        settings: { useValue: { host: '0.0.0.0', rtmpPort: 0, icecastPort: 0 } },
      }),
    ],
  }).compile();
  await app.init();
  rtmpPort = app.get(RtmpIngestServer).port ?? 0;
  icecastPort = app.get(IcecastIngestServer).port ?? 0;
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusals(kind: string, reason: string): Promise<number> {
  const metric = await app
    .get(MetricsRegistry)
    .registry.getSingleMetric('siaran_input_refused_handshakes_total')
    ?.get();
  return metric?.values.find((v) => v.labels.kind === kind && v.labels.reason === reason)?.value ?? 0;
}

async function streamTypes(path: string): Promise<string[]> {
  const probe = await ffprobeJson(path);
  return (probe.streams ?? []).map((s) => String(s.codec_type)).sort();
}

function rtmpUrl(key: string, host = '127.0.0.1'): string {
  return `rtmp://${host}:${rtmpPort}/live/${key}`;
}

/** Sends a raw request to the Icecast port and returns everything it answered until it closed. */
function icecastExchange(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(icecastPort, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(head);
  });
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('RTMP ingest', () => {
  it('takes the right key, lets the live encoder read the feed back, and ends the feed when the studio leaves', async () => {
    const key = `${TV.id}.${SECRET}`;
    const studio = startFfmpeg([...studioAv(), '-f', 'flv', rtmpUrl(key)]);
    const feed = await handler.next();
    expect(feed.input).toEqual(TV);
    expect(feed.remoteAddress).toBe('127.0.0.1');
    expect(feed.streamerName).toBeNull();
    expect(feed.source).toEqual({ inputArgs: rtmpReadBackInputArgs(rtmpPort, key) });

    const out = join(dir, 'rtmp.mkv');
    const follower = startFfmpeg([...feed.source.inputArgs, '-c', 'copy', '-f', 'null', '-']);
    const reader = startFfmpeg([...feed.source.inputArgs, '-t', '3', '-c', 'copy', out]);
    expect(await reader.exited).toEqual({ code: 0, stderr: '' });
    expect(await streamTypes(out)).toEqual(['audio', 'video']);

    studio.stop();
    await feed.ended;
    // Without its read timeout, the reader would wait out the server's 30 s reconnection window.
    expect((await follower.exited).code).not.toBeNull();
    expect(await refusals('rtmp', 'already-publishing')).toBe(0);
  });

  it.each([
    ['wrong-secret', `${TV.id}.not-the-secret`],
    ['unknown-input', `tv-unknown.${SECRET}`],
    ['unknown-input', 'no-secret-at-all'],
    ['disabled', `${TV_OFF.id}.${SECRET}`],
  ])('refuses %s (%s) before anything reaches the feed handler', async (reason, key) => {
    const feedsBefore = handler.feeds.length;
    const before = await refusals('rtmp', reason);
    const studio = startFfmpeg([...studioAv(10), '-f', 'flv', rtmpUrl(key)]);
    expect((await studio.exited).code).not.toBe(0);
    expect(await refusals('rtmp', reason)).toBe(before + 1);
    expect(handler.feeds.length).toBe(feedsBefore);
  });

  it('refuses a second publisher on the same key and keeps the first one going', async () => {
    const key = `${TV_SECOND.id}.${SECRET}`;
    const first = startFfmpeg([...studioAv(), '-f', 'flv', rtmpUrl(key)]);
    const feed = await handler.next();
    const feedsBefore = handler.feeds.length;

    const second = startFfmpeg([...studioAv(10), '-f', 'flv', rtmpUrl(key)]);
    expect((await second.exited).code).not.toBe(0);
    expect(await refusals('rtmp', 'already-publishing')).toBe(1);
    expect(handler.feeds.length).toBe(feedsBefore);

    const out = join(dir, 'first.mkv');
    expect(await startFfmpeg([...feed.source.inputArgs, '-t', '2', '-c', 'copy', out]).exited).toEqual({
      code: 0,
      stderr: '',
    });
    expect(await streamTypes(out)).toEqual(['audio', 'video']);
    expect(first.child.exitCode).toBeNull();
    first.stop();
    await feed.ended;
  });

  it('closes a feed the session manager refuses, and counts it', async () => {
    handler.verdict = { accepted: false, reason: 'outside-slot', message: 'no live slot now' };
    try {
      const studio = startFfmpeg([...studioAv(10), '-f', 'flv', rtmpUrl(`${TV_REFUSED.id}.${SECRET}`)]);
      const feed = await handler.next();
      await feed.ended;
      expect((await studio.exited).code).not.toBe(0);
      expect(await refusals('rtmp', 'outside-slot')).toBe(1);
    } finally {
      handler.verdict = { accepted: true };
    }
  });

  it('closes a connection that sends a malformed message, and keeps serving', async () => {
    const before = await refusals('rtmp', 'bad-request');
    const socket = connect(rtmpPort, '127.0.0.1');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => undefined);
    socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536)]));
    await new Promise((resolve) => socket.once('data', resolve));
    // C2, then a `publish` command without its stream name.
    const command = Buffer.concat([
      Buffer.from([0x02, 0x00, 0x07]),
      Buffer.from('publish'),
      Buffer.from([0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x05]),
    ]);
    const header = Buffer.from([0x03, 0, 0, 0, 0, 0, command.length, 0x14, 1, 0, 0, 0]);
    socket.write(Buffer.concat([Buffer.alloc(1536), header, command]));
    await closed;
    expect(await refusals('rtmp', 'bad-request')).toBe(before + 1);
  });

  it('refuses to play a stream to anything but this host', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    expect(external).toBeDefined();
    const before = await refusals('rtmp', 'remote-play');
    const player = startFfmpeg([
      '-rw_timeout',
      '5000000',
      '-i',
      rtmpUrl(`${TV.id}.${SECRET}`, external!.address),
      '-f',
      'null',
      '-',
    ]);
    expect((await player.exited).code).not.toBe(0);
    expect(await refusals('rtmp', 'remote-play')).toBe(before + 1);
  });
});

describe('Icecast ingest', () => {
  it('takes a PUT source (ffmpeg icecast://), decodes its body from stdin, passes track titles, refuses a second source', async () => {
    const studio = startFfmpeg([
      ...studioMp3(),
      '-content_type',
      'audio/mpeg',
      '-ice_name',
      'Pagi Kota Batik',
      '-f',
      'mp3',
      `icecast://source:radio-pw@127.0.0.1:${icecastPort}/rkb`,
    ]);
    const feed = await handler.next();
    expect(feed.input).toEqual(RADIO);
    expect(feed.streamerName).toBe('Pagi Kota Batik');
    expect(feed.source.inputArgs).toEqual(['-f', 'mp3', '-i', 'pipe:0']);
    const titles: string[] = [];
    feed.onTitle((title) => titles.push(title));

    const out = join(dir, 'put.wav');
    const decoder = startFfmpeg([...feed.source.inputArgs, '-t', '2', out], feed.source.stdin);
    expect(await decoder.exited).toEqual({ code: 0, stderr: '' });
    expect(await streamTypes(out)).toEqual(['audio']);

    const update = await fetch(
      `http://127.0.0.1:${icecastPort}/admin/metadata?mode=updinfo&mount=%2Frkb&song=Gambang+Suling+%E2%80%93+Ki+Narto`,
      { headers: { Authorization: basic('source', 'radio-pw') } },
    );
    expect(update.status).toBe(200);
    expect(await update.text()).toContain('<return>1</return>');
    const latin1 = await fetch(
      `http://127.0.0.1:${icecastPort}/admin/metadata?mode=updinfo&mount=/rkb&charset=ISO-8859-1&song=Caf%E9`,
      { headers: { Authorization: basic('source', 'radio-pw') } },
    );
    expect(latin1.status).toBe(200);
    expect(titles).toEqual(['Gambang Suling – Ki Narto', 'Café']);

    const wrongTitle = await fetch(`http://127.0.0.1:${icecastPort}/admin/metadata?mode=updinfo&mount=/rkb&song=x`, {
      headers: { Authorization: basic('source', 'nope') },
    });
    expect(wrongTitle.status).toBe(401);
    expect(titles).toHaveLength(2);

    const feedsBefore = handler.feeds.length;
    const second = await icecastExchange(
      `SOURCE /rkb ICE/1.0\r\nAuthorization: ${basic('source', 'radio-pw')}\r\nContent-Type: audio/mpeg\r\n\r\n`,
    );
    expect(second).toMatch(/^HTTP\/1\.0 403 Mountpoint in use\r\n/);
    expect(await refusals('icecast', 'already-publishing')).toBe(1);
    expect(handler.feeds.length).toBe(feedsBefore);
    expect(studio.child.exitCode).toBeNull();

    studio.stop();
    await feed.ended;
  });

  it("takes a PUT source with ffmpeg's default content type", async () => {
    const studio = startFfmpeg([...studioMp3(), '-f', 'mp3', `icecast://source:radio-pw@127.0.0.1:${icecastPort}/rkb`]);
    const feed = await handler.next();
    expect(feed.source.inputArgs).toEqual(['-f', 'mp3', '-i', 'pipe:0']);
    const out = join(dir, 'put-untyped.wav');
    expect((await startFfmpeg([...feed.source.inputArgs, '-t', '1', out], feed.source.stdin).exited).code).toBe(0);
    studio.stop();
    await feed.ended;
  });

  it('takes a SOURCE source, answering 200 before the body, and loses no byte of it', async () => {
    const mp3 = join(dir, 'source.mp3');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:d=3', '-c:a', 'libmp3lame', mp3]);
    const socket = connect(icecastPort, '127.0.0.1');
    socket.write(
      `SOURCE /rsk ICE/1.0\r\nAuthorization: ${basic('source', 'radio-pw')}\r\nContent-Type: audio/mpeg\r\nice-description: Siaran pagi\r\n\r\n`,
    );
    const answer = await new Promise<string>((resolve) =>
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    expect(answer).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    const feed = await handler.next();
    expect(feed.input).toEqual(RADIO_SOURCE);
    expect(feed.streamerName).toBe('Siaran pagi');
    socket.end(readFileSync(mp3));

    const received: Buffer[] = [];
    feed.source.stdin!.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise((resolve) => feed.source.stdin!.once('end', resolve));
    await feed.ended;
    expect(Buffer.concat(received).equals(readFileSync(mp3))).toBe(true);
  });

  it('answers 100 Continue then 200 OK to a PUT that expects it, ends a source that goes quiet, and cuts a request that never completes', async () => {
    const handshakesBefore = await refusals('icecast', 'handshake-timeout');
    const stalled = connect(icecastPort, '127.0.0.1');
    stalled.write('PUT /rsk HTTP/1.1\r\n');
    const stalledClosed = new Promise((resolve) => stalled.once('close', resolve));

    const socket = connect(icecastPort, '127.0.0.1');
    socket.write(
      `PUT /rsk HTTP/1.1\r\nAuthorization: ${basic('source', 'radio-pw')}\r\nContent-Type: audio/aac\r\nExpect: 100-continue\r\n\r\n`,
    );
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    const feed = await handler.next();
    expect(feed.source.inputArgs).toEqual(['-f', 'aac', '-i', 'pipe:0']);
    feed.source.stdin!.resume();

    await feed.ended;
    await socketClosed;
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.0 200 OK\r\n/);
    await stalledClosed;
    expect(await refusals('icecast', 'handshake-timeout')).toBe(handshakesBefore + 1);
  });

  it('decodes an ffmpeg SOURCE (legacy Icecast) feed from stdin', async () => {
    const studio = startFfmpeg([
      ...studioMp3(),
      '-legacy_icecast',
      '1',
      '-f',
      'mp3',
      `icecast://source:radio-pw@127.0.0.1:${icecastPort}/rsk`,
    ]);
    const feed = await handler.next();
    const out = join(dir, 'legacy.wav');
    expect((await startFfmpeg([...feed.source.inputArgs, '-t', '1', out], feed.source.stdin).exited).code).toBe(0);
    expect(await streamTypes(out)).toEqual(['audio']);
    studio.stop();
    await feed.ended;
  });

  it.each([
    [
      'a wrong password',
      'PUT /rkb HTTP/1.1',
      basic('source', 'wrong'),
      'audio/mpeg',
      /^HTTP\/1\.0 401 /,
      'wrong-secret',
    ],
    ['no credentials', 'SOURCE /rkb ICE/1.0', null, 'audio/mpeg', /^HTTP\/1\.0 401 /, 'wrong-secret'],
    ['another user', 'PUT /rkb HTTP/1.1', basic('admin', 'radio-pw'), 'audio/mpeg', /^HTTP\/1\.0 401 /, 'wrong-secret'],
    [
      'an unknown mount',
      'PUT /nowhere HTTP/1.1',
      basic('source', 'radio-pw'),
      'audio/mpeg',
      /^HTTP\/1\.0 404 /,
      'unknown-input',
    ],
    [
      'a disabled input',
      'SOURCE /off ICE/1.0',
      basic('source', 'radio-pw'),
      'audio/mpeg',
      /^HTTP\/1\.0 403 /,
      'disabled',
    ],
    [
      'a format the encoder cannot take',
      'PUT /rkb HTTP/1.1',
      basic('source', 'radio-pw'),
      'video/webm',
      /^HTTP\/1\.0 415 /,
      'unsupported-format',
    ],
  ])('refuses %s', async (_, requestLine, authorization, contentType, status, reason) => {
    const feedsBefore = handler.feeds.length;
    const before = await refusals('icecast', reason);
    const auth = authorization ? `Authorization: ${authorization}\r\n` : '';
    const answer = await icecastExchange(`${requestLine}\r\n${auth}Content-Type: ${contentType}\r\n\r\n`);
    expect(answer).toMatch(status);
    if (reason === 'wrong-secret') expect(answer).toContain('WWW-Authenticate: Basic realm="Icecast2 Server"\r\n');
    expect(await refusals('icecast', reason)).toBe(before + 1);
    expect(handler.feeds.length).toBe(feedsBefore);
  });

  it('refuses ffmpeg with a wrong password', async () => {
    const before = await refusals('icecast', 'wrong-secret');
    const studio = startFfmpeg([...studioMp3(5), '-f', 'mp3', `icecast://source:wrong@127.0.0.1:${icecastPort}/rkb`]);
    expect((await studio.exited).code).not.toBe(0);
    expect(await refusals('icecast', 'wrong-secret')).toBe(before + 1);
  });

  it('answers a request that is not Icecast with 400 and a head too large with 431', async () => {
    expect(await icecastExchange('HELLO\r\n\r\n')).toMatch(/^HTTP\/1\.0 400 /);
    expect(await icecastExchange(`PUT /rkb HTTP/1.1\r\nX-Filler: ${'a'.repeat(9000)}`)).toMatch(/^HTTP\/1\.0 431 /);
  });
});

describe('SRT listener (the live encoder listens itself)', () => {
  it('refuses a wrong passphrase and none, records the right one, and exits when the publisher leaves', async () => {
    const port = await freePort();
    const passphrase = 'right-passphrase-123';
    const out = join(dir, 'srt.ts');
    const listener = startFfmpeg([
      '-loglevel',
      'warning',
      ...srtListenerInputArgs({ host: '127.0.0.1', port, passphrase, latencyMs: 120 }),
      '-c',
      'copy',
      out,
    ]);
    const publish = (secret: string, seconds: number) =>
      startFfmpeg([
        ...studioAv(seconds),
        '-f',
        'mpegts',
        `srt://127.0.0.1:${port}?passphrase=${secret}&streamid=tv-srt`,
      ]).exited;

    // Until the listener is up a caller fails without an answer; once it is, the refusal names the passphrase.
    let refused = await publish('wrong-passphrase-456', 1);
    while (!refused.stderr.includes('Incorrect passphrase')) {
      expect(refused.code).not.toBe(0);
      refused = await publish('wrong-passphrase-456', 1);
    }
    expect(refused.code).not.toBe(0);
    const unencrypted = await startFfmpeg([...studioAv(1), '-f', 'mpegts', `srt://127.0.0.1:${port}`]).exited;
    expect(unencrypted.code).not.toBe(0);
    expect(unencrypted.stderr).toContain('Password required or unexpected');
    expect(existsSync(out)).toBe(false);
    expect(listener.child.exitCode).toBeNull();

    expect((await publish(passphrase, 3)).code).toBe(0);
    expect((await listener.exited).code).toBe(0);
    expect(await streamTypes(out)).toEqual(['audio', 'video']);
  });

  it('takes a passphrase URL syntax would break, and exits when its publisher is lost', async () => {
    const port = await freePort();
    const passphrase = 'p&ss=word 1234?';
    const out = join(dir, 'srt-lost.ts');
    const listener = startFfmpeg([
      ...srtListenerInputArgs({ host: '127.0.0.1', port, passphrase, latencyMs: 120 }),
      '-c',
      'copy',
      out,
    ]);
    const publish = () =>
      startFfmpeg([...studioAv(), '-passphrase', passphrase, '-f', 'mpegts', `srt://127.0.0.1:${port}`]);
    // Until the listener is up a caller fails; the listener opens its output once a caller got through.
    let publisher = publish();
    let failed = false;
    void publisher.exited.then(() => (failed = true));
    while (!existsSync(out)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (failed) {
        failed = false;
        publisher = publish();
        void publisher.exited.then(() => (failed = true));
      }
    }
    publisher.stop();
    await listener.exited;
    expect(await streamTypes(out)).toEqual(['audio', 'video']);
  });
});

describe('disabled servers', () => {
  it('listen on nothing when their port is null', async () => {
    const disabled = await Test.createTestingModule({
      imports: [
        MetricsModule,
        IngestServersModule.register({
          imports: [StandInsModule],
          settings: { useFactory: () => ({ host: '127.0.0.1', rtmpPort: null, icecastPort: null }) },
        }),
      ],
    }).compile();
    await disabled.init();
    expect(disabled.get(RtmpIngestServer).port).toBeNull();
    expect(disabled.get(IcecastIngestServer).port).toBeNull();
    await disabled.close();
  });
});
