import type { NowPlaying } from './api';
import { NowPlayingFeed } from './now-playing-feed';

/** Stands in for the browser's EventSource: the test opens, fails and feeds it by hand. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, (event: { data: string }) => void>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(type: string, listener: (event: { data: string }) => void): void {
    this.listeners.set(type, listener);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  emit(data: unknown): void {
    this.readyState = FakeEventSource.OPEN;
    this.listeners.get('now-playing')?.({ data: JSON.stringify(data) });
  }

  fail(closed: boolean): void {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
}

const nowPlaying = (title: string) =>
  ({ channel: { slug: 'batik-tv' }, now_playing: { title } }) as unknown as NowPlaying;

describe('NowPlayingFeed', () => {
  let polled: string[];
  let received: string[];
  let feed: NowPlayingFeed;

  beforeEach(() => {
    jest.useFakeTimers();
    FakeEventSource.opened = [];
    polled = [];
    received = [];
    Object.assign(globalThis, {
      EventSource: FakeEventSource,
      fetch: async (url: string) => {
        polled.push(url);
        return { ok: true, status: 200, json: async () => nowPlaying('polled') };
      },
    });
    feed = new NowPlayingFeed({
      eventsUrl: '/api/v1/channels/batik-tv/now-playing/events',
      pollUrls: () => ['/api/v1/channels/batik-tv/now-playing'],
      onData: (data) => received.push(data.now_playing!.title),
    });
  });
  afterEach(() => {
    feed.stop();
    jest.useRealTimers();
  });

  const source = () => FakeEventSource.opened[FakeEventSource.opened.length - 1];

  it('delivers every now-playing event of the stream and polls nothing', async () => {
    feed.start();
    source().emit(nowPlaying('Berita Pagi'));
    source().emit(nowPlaying('Dialog Interaktif'));
    await jest.advanceTimersByTimeAsync(60000);
    expect(received).toEqual(['Berita Pagi', 'Dialog Interaktif']);
    expect(polled).toEqual([]);
    expect(feed.mode).toBe('sse');
  });

  it('lets EventSource reconnect after a dropped connection', async () => {
    feed.start();
    source().fail(false);
    source().fail(false);
    source().emit(nowPlaying('back'));
    source().fail(false);
    await jest.advanceTimersByTimeAsync(30000);
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(polled).toEqual([]);
    expect(received).toEqual(['back']);
  });

  it('polls the JSON every 15 s after three failures in a row, and tries SSE again every fourth poll', async () => {
    feed.start();
    for (let i = 0; i < 3; i += 1) source().fail(false);
    expect(source().readyState).toBe(FakeEventSource.CLOSED);
    await jest.advanceTimersByTimeAsync(0);
    expect(polled).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(45000);
    expect(polled).toHaveLength(4);
    expect(feed.mode).toBe('polling');
    expect(FakeEventSource.opened).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(15000);
    expect(FakeEventSource.opened).toHaveLength(2);
    source().emit(nowPlaying('live again'));
    expect(feed.mode).toBe('sse');
    await jest.advanceTimersByTimeAsync(60000);
    expect(polled).toHaveLength(5);
    expect(received).toEqual(['polled', 'polled', 'polled', 'polled', 'polled', 'live again']);
  });

  it('polls at once when the server refuses the stream', async () => {
    feed.start();
    source().fail(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(polled).toEqual(['/api/v1/channels/batik-tv/now-playing']);
    expect(received).toEqual(['polled']);
  });

  it('skips a malformed event', () => {
    feed.start();
    source().emit(nowPlaying('first'));
    (source() as unknown as { listeners: Map<string, (event: { data: string }) => void> }).listeners.get(
      'now-playing',
    )!({ data: '{not json' });
    source().emit(nowPlaying('second'));
    expect(received).toEqual(['first', 'second']);
  });
});
