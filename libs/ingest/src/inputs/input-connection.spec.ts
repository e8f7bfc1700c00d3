import { connectionOf } from './input-connection';

const id = '7d0f4a52-3c1e-4b8e-9a57-0c3c1f6b2a10';
const endpoints = { publicHost: 'live.batiktv.example', rtmpPort: 1935, icecastPort: 8000 };
const input = (kind: 'rtmp' | 'srt' | 'icecast' | 'relay', fields: object = {}) => ({
  id,
  kind,
  srtPort: null,
  mount: null,
  url: null,
  ...fields,
});

describe('connectionOf', () => {
  it('gives OBS the RTMP server URL and the stream key', () => {
    expect(connectionOf(input('rtmp'), '0123456789abcdef', endpoints)).toEqual({
      kind: 'rtmp',
      serverUrl: 'rtmp://live.batiktv.example:1935/live',
      streamKey: `${id}.0123456789abcdef`,
    });
  });

  it('gives the SRT URL (latency in microseconds, as ffmpeg reads it) and each of its parts', () => {
    expect(connectionOf(input('srt', { srtPort: 10003 }), 'passphrase-0123', endpoints)).toEqual({
      kind: 'srt',
      url: `srt://live.batiktv.example:10003?streamid=${id}&passphrase=passphrase-0123&latency=2000000`,
      host: 'live.batiktv.example',
      port: 10003,
      streamId: id,
      passphrase: 'passphrase-0123',
      latencyMs: 2000,
    });
  });

  it('gives a radio desk the Icecast host, port, mount, user and password', () => {
    expect(connectionOf(input('icecast', { mount: 'rkb' }), 'pw-0123456789', endpoints)).toEqual({
      kind: 'icecast',
      host: 'live.batiktv.example',
      port: 8000,
      mount: '/rkb',
      user: 'source',
      password: 'pw-0123456789',
    });
  });

  it('masks every secret when none is given, and shows a relay its URL', () => {
    expect(connectionOf(input('rtmp'), null, endpoints)).toMatchObject({ streamKey: `${id}.********` });
    expect(connectionOf(input('srt', { srtPort: 10000 }), null, endpoints)).toMatchObject({
      url: `srt://live.batiktv.example:10000?streamid=${id}&passphrase=********&latency=2000000`,
      passphrase: '********',
    });
    expect(connectionOf(input('icecast', { mount: 'rkb' }), null, endpoints)).toMatchObject({ password: '********' });
    expect(connectionOf(input('relay', { url: 'https://tv.example/live.m3u8' }), null, endpoints)).toEqual({
      kind: 'relay',
      url: 'https://tv.example/live.m3u8',
    });
  });

  it('brackets an IPv6 host inside URLs only', () => {
    const v6 = { ...endpoints, publicHost: '2001:db8::7' };
    expect(connectionOf(input('rtmp'), 's', v6)).toMatchObject({ serverUrl: 'rtmp://[2001:db8::7]:1935/live' });
    expect(connectionOf(input('srt', { srtPort: 10000 }), 's', v6)).toMatchObject({ host: '2001:db8::7' });
  });
});
