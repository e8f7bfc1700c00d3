import { type DomainError } from '@siaran/core';
import { parseRelayUrl } from './relay-url-policy';

const codeOf = (raw: string) => {
  try {
    parseRelayUrl(raw);
    return 'accepted';
  } catch (error) {
    return `${(error as DomainError).code}: ${(error as DomainError).message}`;
  }
};

describe('parseRelayUrl', () => {
  it('takes HLS, Icecast/HTTP audio, RTMP(S) and SRT caller URLs', () => {
    for (const url of [
      'https://tv.kudus.example/live/master.m3u8',
      'http://radio.kudus.example:8000/rsk.mp3',
      'rtmp://tv.kudus.example/live/stream',
      'rtmps://tv.kudus.example:443/live/stream',
      'srt://tv.kudus.example:9000?streamid=batik&passphrase=0123456789',
      'srt://tv.kudus.example:9000?mode=caller',
    ])
      expect(codeOf(url)).toBe('accepted');
  });

  it('refuses what a relay cannot pull, saying what it can', () => {
    expect(codeOf('not a url')).toMatch(/^RELAY_URL_INVALID: The relay URL is not a valid URL/);
    expect(codeOf('ftp://files.example/a.mp3')).toBe(
      'RELAY_URL_INVALID: A relay pulls http(s) (HLS, or Icecast/HTTP MP3, AAC or Ogg), rtmp(s):// or srt:// (caller) URLs, not ftp.',
    );
    expect(codeOf('file:///etc/passwd')).toMatch(/^RELAY_URL_INVALID: A relay pulls .* not file\.$/);
    expect(codeOf('srt://tv.kudus.example')).toBe(
      'RELAY_URL_INVALID: An srt:// relay URL needs the port of the station it calls.',
    );
    expect(codeOf('srt://tv.kudus.example:9000?mode=listener')).toBe(
      'RELAY_URL_INVALID: A relay calls the other station: an srt:// relay URL takes mode=caller or no mode.',
    );
  });
});
