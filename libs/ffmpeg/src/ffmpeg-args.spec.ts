import {
  aacArgs,
  commonArgs,
  ffprobeJsonArgs,
  generatedCardOutputArgs,
  inputWhitelist,
  keyframeArgs,
  kbps,
} from './ffmpeg-args';

describe('shared ffmpeg arguments', () => {
  it('starts every command without banner or terminal, overwriting, optionally quiet and reporting progress', () => {
    expect(commonArgs()).toEqual(['-hide_banner', '-nostdin', '-y']);
    expect(commonArgs({ errorsOnly: true })).toEqual(['-hide_banner', '-nostdin', '-y', '-loglevel', 'error']);
    expect(commonArgs({ errorsOnly: true, progress: true })).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-nostats',
      '-progress',
      'pipe:1',
    ]);
  });

  it('whitelists the protocols and demuxers of an input', () => {
    expect(inputWhitelist({ protocols: 'file', demuxers: 'mpegts,flac' })).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'mpegts,flac',
    ]);
    expect(inputWhitelist({ protocols: 'file' })).toEqual(['-protocol_whitelist', 'file']);
    expect(inputWhitelist({ demuxers: 'mpegts' })).toEqual(['-format_whitelist', 'mpegts']);
  });

  it('asks ffprobe for JSON with the sections named, in order', () => {
    expect(ffprobeJsonArgs(['format', 'streams', 'error'])).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '-show_error',
    ]);
    expect(ffprobeJsonArgs(['streams', 'error'])).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      '-show_error',
    ]);
  });

  it('puts closed, IDR-only GOPs on a fixed grid', () => {
    expect(keyframeArgs({ gopSeconds: 2, fps: 25 })).toEqual([
      '-g',
      '50',
      '-keyint_min',
      '50',
      '-sc_threshold',
      '0',
      '-flags',
      '+cgop',
      '-forced-idr',
      '1',
      '-force_key_frames',
      'expr:gte(t,n_forced*2)',
    ]);
    expect(keyframeArgs({ gopSeconds: 0.5, fps: 30 }).slice(0, 4)).toEqual(['-g', '15', '-keyint_min', '15']);
  });

  it('encodes AAC-LC with one bitrate per audio output', () => {
    expect(aacArgs({ bitratesKbps: [128, 64], sampleRate: 48000, channels: 2 })).toEqual([
      '-c:a',
      'aac',
      '-profile:a',
      'aac_low',
      '-b:a:0',
      '128k',
      '-b:a:1',
      '64k',
      '-ar',
      '48000',
      '-ac',
      '2',
    ]);
    expect(kbps(3000)).toBe('3000k');
  });

  it('ends a generated card: its length, H.264 veryfast and AAC 128 kbit/s, then the output', () => {
    expect(generatedCardOutputArgs(12, '/work/card.mp4')).toEqual([
      '-t',
      '12',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '/work/card.mp4',
    ]);
  });
});
