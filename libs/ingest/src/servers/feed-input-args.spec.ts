import { icecastInputArgs, rtmpReadBackInputArgs, srtListenerInputArgs } from './feed-input-args';

describe('feed input arguments', () => {
  it('reads an RTMP feed back from the local server, giving up after 5 s without data', () => {
    expect(rtmpReadBackInputArgs(1935, 'in-1.s3cret')).toEqual([
      '-rw_timeout',
      '5000000',
      '-f',
      'flv',
      '-i',
      'rtmp://127.0.0.1:1935/live/in-1.s3cret',
    ]);
  });

  it('reads an Icecast body from stdin in the format of its content type', () => {
    expect(icecastInputArgs('aac')).toEqual(['-f', 'aac', '-i', 'pipe:0']);
  });

  it('listens for one SRT caller with the passphrase as an option and the latency in microseconds', () => {
    expect(
      srtListenerInputArgs({
        host: '0.0.0.0',
        port: 10001,
        passphrase: 'p&ss=phrase 123',
        latencyMs: 120,
      }),
    ).toEqual([
      '-passphrase',
      'p&ss=phrase 123',
      '-f',
      'mpegts',
      '-i',
      'srt://0.0.0.0:10001?mode=listener&latency=120000',
    ]);
  });

  it('brackets an IPv6 listen address', () => {
    expect(srtListenerInputArgs({ host: '::', port: 10002, passphrase: 'abcdefghij', latencyMs: 200 }).at(-1)).toBe(
      'srt://[::]:10002?mode=listener&latency=200000',
    );
  });
});
