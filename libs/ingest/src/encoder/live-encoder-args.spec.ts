import { parseLadderPreset } from '@siaran/media';
import { liveEncoderArgs, type LiveEncoderIo } from './live-encoder-args';
import { failureKindOf, listedSegments } from './live-encoder';

const tv = parseLadderPreset(
  {
    name: 'tv-small',
    segmentSeconds: 2,
    video: { fps: 25, gopSeconds: 1, x264Preset: 'ultrafast' },
    audio: { sampleRate: 48000, channels: 2, loudness: { integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 } },
    renditions: [
      {
        name: '240p',
        audioBitrateKbps: 64,
        video: {
          width: 426,
          height: 240,
          bitrateKbps: 300,
          maxrateKbps: 330,
          bufsizeKbps: 600,
          profile: 'main',
          level: '3.0',
        },
      },
      {
        name: '144p',
        audioBitrateKbps: 48,
        video: {
          width: 256,
          height: 144,
          bitrateKbps: 150,
          maxrateKbps: 165,
          bufsizeKbps: 300,
          profile: 'baseline',
          level: '3.0',
        },
      },
    ],
  },
  'test',
);
const radio = parseLadderPreset(
  {
    name: 'radio-small',
    segmentSeconds: 2,
    audio: { sampleRate: 48000, channels: 2, loudness: { integratedLufs: -16, truePeakDbtp: -1.5, rangeLu: 11 } },
    renditions: [{ name: 'audio-96k', audioBitrateKbps: 96 }],
  },
  'test',
);

const io = (overrides: Partial<LiveEncoderIo> = {}): LiveEncoderIo => ({
  inputArgs: ['-f', 'mpegts', '-i', 'pipe:0'],
  feedShape: 'audio-video',
  outputDir: '/work/live',
  firstIndex: 42,
  cpus: 2,
  silenceSeconds: 30,
  readTimeoutSeconds: 10,
  ...overrides,
});

const HEAD = ['-hide_banner', '-nostdin', '-y', '-nostats', '-progress', 'pipe:1', '-rw_timeout', '10000000'];
const SCALE_240 =
  'scale=w=426:h=240:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=426:240:-1:-1:color=black,setsar=1';
const SCALE_144 =
  'scale=w=256:h=144:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=256:144:-1:-1:color=black,setsar=1';
const TV_AUDIO =
  '[0:a:0]aresample=async=1:first_pts=0,aformat=channel_layouts=stereo,silencedetect=n=-50dB:d=30,dynaudnorm=f=200:g=15:p=0.8913:m=10:targetrms=0.0708,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';
const TV_AUDIO_AND_PICTURE = `${TV_AUDIO},asplit=3[a0][a1][picture]`;
const TV_ENCODE = [
  '-map',
  '[v0]',
  '-map',
  '[a0]',
  '-map',
  '[v1]',
  '-map',
  '[a1]',
  '-map_metadata',
  '-1',
  '-map_chapters',
  '-1',
  '-c:v',
  'libx264',
  '-preset:v',
  'ultrafast',
  '-threads:v:0',
  '2',
  '-profile:v:0',
  'main',
  '-level:v:0',
  '3.0',
  '-b:v:0',
  '300k',
  '-maxrate:v:0',
  '330k',
  '-bufsize:v:0',
  '600k',
  '-threads:v:1',
  '2',
  '-profile:v:1',
  'baseline',
  '-level:v:1',
  '3.0',
  '-b:v:1',
  '150k',
  '-maxrate:v:1',
  '165k',
  '-bufsize:v:1',
  '300k',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '25',
  '-keyint_min',
  '25',
  '-sc_threshold',
  '0',
  '-flags',
  '+cgop',
  '-forced-idr',
  '1',
  '-force_key_frames',
  'expr:gte(t,n_forced*1)',
  '-c:a',
  'aac',
  '-profile:a',
  'aac_low',
  '-b:a:0',
  '64k',
  '-b:a:1',
  '48k',
  '-ar',
  '48000',
  '-ac',
  '2',
];
const hls = (varStreamMap: string) => [
  '-max_muxing_queue_size',
  '4096',
  '-f',
  'hls',
  '-hls_time',
  '2',
  '-hls_list_size',
  '10',
  '-hls_segment_type',
  'mpegts',
  '-hls_flags',
  'independent_segments+temp_file',
  '-start_number',
  '42',
  '-hls_segment_filename',
  '/work/live/%v/seg-%05d.ts',
  '-var_stream_map',
  varStreamMap,
  '/work/live/%v/index.m3u8',
];

describe('liveEncoderArgs', () => {
  it('encodes a feed with picture and sound into every rung of a TV preset, deinterlaced and fitted', () => {
    expect(liveEncoderArgs(tv, io())).toEqual([
      ...HEAD,
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-filter_complex',
      `${TV_AUDIO},asplit=2[a0][a1];[0:v:0]bwdif=mode=send_frame:parity=auto:deint=interlaced,scale=w=trunc(iw*sar/2)*2:h=ih,setsar=1,fps=fps=25:start_time=0,format=yuv420p,split=2[s0][s1];[s0]${SCALE_240}[v0];[s1]${SCALE_144}[v1]`,
      ...TV_ENCODE,
      ...hls('v:0,a:0,name:240p v:1,a:1,name:144p'),
    ]);
  });

  it('puts an audio-only feed on a TV preset over the station logo, on black that lasts as long as the sound', () => {
    expect(liveEncoderArgs(tv, io({ feedShape: 'audio-only', stillPath: '/work/logo.png' }))).toEqual([
      ...HEAD,
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-i',
      '/work/logo.png',
      '-filter_complex',
      `${TV_AUDIO_AND_PICTURE};[picture]showwaves=s=426x240:r=25:mode=point:colors=black[black];[1:v:0]scale=w=426:h=240:force_original_aspect_ratio=decrease:force_divisible_by=2[still];[black][still]overlay=x=(W-w)/2:y=(H-h)/2:eof_action=repeat,fps=fps=25:start_time=0,format=yuv420p,split=2[s0][s1];[s0]${SCALE_240}[v0];[s1]${SCALE_144}[v1]`,
      ...TV_ENCODE,
      ...hls('v:0,a:0,name:240p v:1,a:1,name:144p'),
    ]);
  });

  it('puts an audio-only feed on a TV preset over black without a logo', () => {
    expect(liveEncoderArgs(tv, io({ feedShape: 'audio-only' }))).toEqual([
      ...HEAD,
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-filter_complex',
      `${TV_AUDIO_AND_PICTURE};[picture]showwaves=s=426x240:r=25:mode=point:colors=black,fps=fps=25:start_time=0,format=yuv420p,split=2[s0][s1];[s0]${SCALE_240}[v0];[s1]${SCALE_144}[v1]`,
      ...TV_ENCODE,
      ...hls('v:0,a:0,name:240p v:1,a:1,name:144p'),
    ]);
  });

  it('takes only the sound of any feed on a radio preset', () => {
    for (const feedShape of ['audio-video', 'audio-only'] as const) {
      expect(liveEncoderArgs(radio, io({ feedShape, silenceSeconds: 12, stillPath: '/work/logo.png' }))).toEqual([
        ...HEAD,
        '-f',
        'mpegts',
        '-i',
        'pipe:0',
        '-filter_complex',
        '[0:a:0]aresample=async=1:first_pts=0,aformat=channel_layouts=stereo,silencedetect=n=-50dB:d=12,dynaudnorm=f=200:g=15:p=0.8414:m=10:targetrms=0.1585,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a0]',
        '-map',
        '[a0]',
        '-map_metadata',
        '-1',
        '-map_chapters',
        '-1',
        '-c:a',
        'aac',
        '-profile:a',
        'aac_low',
        '-b:a:0',
        '96k',
        '-ar',
        '48000',
        '-ac',
        '2',
        ...hls('a:0,name:audio-96k'),
      ]);
    }
  });
});

describe('listedSegments', () => {
  it('reads the index and duration of each listed segment, none of a temporary file', () => {
    const playlist = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:42',
      '#EXTINF:2.000000,',
      'seg-00042.ts',
      '#EXTINF:1.960000,',
      'seg-00043.ts',
      '',
    ].join('\n');
    expect([...listedSegments(playlist)]).toEqual([
      [42, 2000],
      [43, 1960],
    ]);
  });
});

describe('failureKindOf', () => {
  it('tells a feed without the video or sound the graph needs from other failures', () => {
    expect(
      failureKindOf(["Stream specifier ':v:0' in filtergraph description [0:v:0]bwdif=… matches no streams."]),
    ).toBe('feed-has-no-video');
    expect(failureKindOf(["Stream specifier ':a:0' in filtergraph description [0:a:0]a… matches no streams."])).toBe(
      'feed-has-no-audio',
    );
    expect(failureKindOf(['pipe:0: Invalid data found when processing input'])).toBe('failed');
  });
});
