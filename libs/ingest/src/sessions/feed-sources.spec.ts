import { relayInputArgs } from './feed-sources';

describe('relayInputArgs', () => {
  it('reconnects by itself over HTTP, with a read timeout and only the protocols a stream needs', () => {
    expect(relayInputArgs('https://radio.example/rri/pro1.m3u8')).toEqual([
      '-protocol_whitelist',
      'http,https,tcp,tls,crypto',
      '-reconnect',
      '1',
      '-reconnect_streamed',
      '1',
      '-reconnect_on_network_error',
      '1',
      '-reconnect_delay_max',
      '5',
      '-rw_timeout',
      '10000000',
      '-i',
      'https://radio.example/rri/pro1.m3u8',
    ]);
  });

  it('calls an SRT listener with a socket timeout', () => {
    expect(relayInputArgs('srt://203.0.113.7:9000?streamid=kudus')).toEqual([
      '-protocol_whitelist',
      'srt,udp',
      '-timeout',
      '10000000',
      '-i',
      'srt://203.0.113.7:9000?streamid=kudus',
    ]);
  });

  it('plays an RTMP stream with a read timeout', () => {
    expect(relayInputArgs('rtmp://203.0.113.7/live/batik')).toEqual([
      '-protocol_whitelist',
      'rtmp,rtmps,tcp,tls',
      '-rw_timeout',
      '10000000',
      '-i',
      'rtmp://203.0.113.7/live/batik',
    ]);
  });
});
