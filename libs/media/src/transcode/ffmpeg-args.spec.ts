import { shippedPreset, probeOf } from '../../../../test/support/media-fixtures';
import {
  artworkArgs,
  audioFilter,
  coverArtArgs,
  encoderThreads,
  filterGraph,
  posterArgs,
  posterSeekSeconds,
  rungScaleFilter,
  transcodeArgs,
  varStreamMap,
} from './ffmpeg-args';
import { SOURCE_DEMUXERS } from '../probe/probe-args';
import { planTranscode } from './transcode-plan';

const tv = shippedPreset('tv-default');
const radio = shippedPreset('radio-default');
const TV_AUDIO =
  'aresample=async=1:first_pts=0,aformat=channel_layouts=stereo,loudnorm=I=-23:TP=-1:LRA=11,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';
const SCALE_720 =
  "scale=w='min(1280,iw)':h='min(720,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,pad=1280:720:-1:-1:color=black,setsar=1";
const SCALE_480 =
  "scale=w='min(854,iw)':h='min(480,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,pad=854:480:-1:-1:color=black,setsar=1";
const SCALE_360 =
  "scale=w='min(640,iw)':h='min(360,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,pad=640:360:-1:-1:color=black,setsar=1";

describe('transcodeArgs', () => {
  it('builds the single-process tv-default ladder exactly', () => {
    const plan = planTranscode(tv, probeOf());
    expect(transcodeArgs(plan, tv, { source: '/work/source', outputDir: '/work/out', cpus: 2 })).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-nostats',
      '-progress',
      'pipe:1',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      SOURCE_DEMUXERS,
      '-i',
      '/work/source',
      '-filter_complex',
      `[0:0]fps=fps=25:start_time=0,format=yuv420p,split=3[s0][s1][s2];[s0]${SCALE_720}[v0];[s1]${SCALE_480}[v1];[s2]${SCALE_360}[v2];[0:1]${TV_AUDIO},asplit=3[a0][a1][a2]`,
      '-map',
      '[v0]',
      '-map',
      '[a0]',
      '-map',
      '[v1]',
      '-map',
      '[a1]',
      '-map',
      '[v2]',
      '-map',
      '[a2]',
      '-map_metadata',
      '-1',
      '-map_chapters',
      '-1',
      '-c:v',
      'libx264',
      '-preset:v',
      'veryfast',
      '-threads:v:0',
      '2',
      '-profile:v:0',
      'high',
      '-level:v:0',
      '3.1',
      '-b:v:0',
      '3000k',
      '-maxrate:v:0',
      '3300k',
      '-bufsize:v:0',
      '6000k',
      '-threads:v:1',
      '2',
      '-profile:v:1',
      'main',
      '-level:v:1',
      '3.0',
      '-b:v:1',
      '1400k',
      '-maxrate:v:1',
      '1540k',
      '-bufsize:v:1',
      '2800k',
      '-threads:v:2',
      '2',
      '-profile:v:2',
      'main',
      '-level:v:2',
      '3.0',
      '-b:v:2',
      '800k',
      '-maxrate:v:2',
      '880k',
      '-bufsize:v:2',
      '1600k',
      '-pix_fmt',
      'yuv420p',
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
      '-c:a',
      'aac',
      '-profile:a',
      'aac_low',
      '-b:a:0',
      '128k',
      '-b:a:1',
      '128k',
      '-b:a:2',
      '128k',
      '-ar',
      '48000',
      '-ac',
      '2',
      '-max_muxing_queue_size',
      '4096',
      '-f',
      'hls',
      '-hls_time',
      '6',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_type',
      'mpegts',
      '-hls_flags',
      'independent_segments',
      '-hls_segment_filename',
      '/work/out/%v/seg-%05d.ts',
      '-master_pl_name',
      'master.m3u8',
      '-var_stream_map',
      'v:0,a:0,name:720p v:1,a:1,name:480p v:2,a:2,name:360p',
      '/work/out/%v/index.m3u8',
    ]);
  });

  it('shares the cores among the encoders of a multi-rendition ladder, and leaves a single encoder to x264', () => {
    expect([encoderThreads(2, 3), encoderThreads(8, 3), encoderThreads(16, 3), encoderThreads(1, 2)]).toEqual([
      2, 4, 8, 2,
    ]);
    const single = planTranscode(
      tv,
      probeOf({ video: { width: 320, height: 240, displayWidth: 320, displayHeight: 240 } }),
    );
    const args = transcodeArgs(single, tv, { source: '/work/source', outputDir: '/work/out', cpus: 2 });
    expect(args.filter((a) => a.startsWith('-threads'))).toEqual([]);
    expect(args.slice(args.indexOf('-preset:v'), args.indexOf('-pix_fmt'))).toEqual([
      '-preset:v',
      'veryfast',
      '-profile:v:0',
      'main',
      '-level:v:0',
      '3.0',
      '-b:v:0',
      '800k',
      '-maxrate:v:0',
      '880k',
      '-bufsize:v:0',
      '1600k',
    ]);
  });

  it('builds the radio ladder as audio only, ignoring the video of the source', () => {
    const plan = planTranscode(radio, probeOf());
    const args = transcodeArgs(plan, radio, { source: '/work/source', outputDir: '/work/out', cpus: 2 });
    expect(args.slice(args.indexOf('-filter_complex'), args.indexOf('-f'))).toEqual([
      '-filter_complex',
      '[0:1]aresample=async=1:first_pts=0,aformat=channel_layouts=stereo,loudnorm=I=-16:TP=-1:LRA=9,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,asplit=2[a0][a1]',
      '-map',
      '[a0]',
      '-map',
      '[a1]',
      '-map_metadata',
      '-1',
      '-map_chapters',
      '-1',
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
      '-max_muxing_queue_size',
      '4096',
    ]);
    expect(varStreamMap(plan.renditions, plan.video !== undefined)).toBe('a:0,name:audio-128k a:1,name:audio-64k');
  });

  it('deinterlaces, squares anamorphic pixels and drops the rungs it would have to upscale', () => {
    const plan = planTranscode(
      tv,
      probeOf({
        video: {
          index: 2,
          width: 720,
          height: 576,
          displayWidth: 1024,
          displayHeight: 576,
          interlaced: true,
          fieldOrder: 'tt',
          sampleAspectRatio: 64 / 45,
        },
        audio: { index: 3 },
      }),
    );
    expect(plan.renditions.map((r) => r.name)).toEqual(['480p', '360p']);
    expect(filterGraph(plan, tv, undefined)).toBe(
      `[0:2]bwdif=mode=send_frame:parity=auto:deint=all,scale=w=trunc(iw*sar/2)*2:h=ih,setsar=1,fps=fps=25:start_time=0,format=yuv420p,split=2[s0][s1];[s0]${SCALE_480}[v0];[s1]${SCALE_360}[v1];[0:3]${TV_AUDIO},asplit=2[a0][a1]`,
    );
    expect(varStreamMap(plan.renditions, plan.video !== undefined)).toBe('v:0,a:0,name:480p v:1,a:1,name:360p');
  });

  it('keeps the smallest rung for a tiny source, without enlarging it', () => {
    const plan = planTranscode(
      tv,
      probeOf({ video: { width: 320, height: 240, displayWidth: 320, displayHeight: 240 } }),
    );
    expect(filterGraph(plan, tv, undefined)).toBe(
      `[0:0]fps=fps=25:start_time=0,format=yuv420p[s0];[s0]${SCALE_360}[v0];[0:1]${TV_AUDIO}[a0]`,
    );
  });

  it('adds a silent stereo track to video without audio', () => {
    const plan = planTranscode(tv, probeOf({ audio: null, durationSeconds: 4.04 }));
    expect(filterGraph(plan, tv, undefined).split(';').at(-1)).toBe(
      'anullsrc=r=48000:cl=stereo,atrim=duration=4.04,aformat=sample_fmts=fltp,asplit=3[a0][a1][a2]',
    );
  });

  it('loops a still picture under audio on a TV ladder', () => {
    const plan = planTranscode(
      tv,
      probeOf({ video: null, audio: { index: 0 }, durationSeconds: 12.5, coverArtIndex: 1 }),
    );
    const args = transcodeArgs(plan, tv, {
      source: '/work/source',
      still: { kind: 'image', path: '/work/still.png' },
      outputDir: '/work/out',
      cpus: 2,
    });
    expect(args.slice(8, 22)).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      SOURCE_DEMUXERS,
      '-i',
      '/work/source',
      '-loop',
      '1',
      '-framerate',
      '25',
      '-t',
      '12.5',
      '-i',
      '/work/still.png',
    ]);
    expect(args[args.indexOf('-filter_complex') + 1]).toMatch(
      /^\[1:v:0\]fps=fps=25:start_time=0,format=yuv420p,split=3\[s0\]\[s1\]\[s2\];/,
    );
  });

  it('draws a black slate when there is no picture at all', () => {
    const plan = planTranscode(tv, probeOf({ video: null, audio: { index: 0 }, durationSeconds: 30 }));
    const args = transcodeArgs(plan, tv, {
      source: '/work/source',
      still: { kind: 'slate' },
      outputDir: '/work/out',
      cpus: 2,
    });
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args[args.indexOf('-filter_complex') + 1]).toMatch(
      /^color=c=black:s=1280x720:r=25:d=30,format=yuv420p,split=3/,
    );
    expect(() => transcodeArgs(plan, tv, { source: '/work/source', outputDir: '/work/out', cpus: 2 })).toThrow(
      /no still/,
    );
  });

  it('fits each rung without upscaling and pads to its exact size', () => {
    expect(rungScaleFilter(tv.renditions[0])).toBe(SCALE_720);
    expect(audioFilter(radio)).toContain('loudnorm=I=-16:TP=-1:LRA=9');
  });
});

describe('helper commands', () => {
  it('takes the poster a tenth of the way in, at most 10 s', () => {
    expect(posterSeekSeconds(8)).toBe(0);
    expect(posterSeekSeconds(45)).toBe(4);
    expect(posterSeekSeconds(10800)).toBe(10);
    expect(
      posterArgs({
        source: '/w/still.png',
        fromUpload: false,
        stream: '0:v:0',
        seekSeconds: 0,
        deinterlace: false,
        width: 640,
        height: 360,
        output: '/w/poster.jpg',
      }).slice(5, 8),
    ).toEqual(['-i', '/w/still.png', '-map']);
    expect(
      posterArgs({
        source: '/w/s',
        fromUpload: true,
        stream: '0:0',
        seekSeconds: 4,
        deinterlace: true,
        width: 1280,
        height: 720,
        output: '/w/poster.jpg',
      }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-ss',
      '4',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      SOURCE_DEMUXERS,
      '-i',
      '/w/s',
      '-map',
      '0:0',
      '-frames:v',
      '1',
      '-vf',
      "bwdif=mode=send_frame:deint=all,scale=w='min(1280,iw)':h='min(720,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2",
      '-q:v',
      '3',
      '/w/poster.jpg',
    ]);
  });

  it('copies cover art out as PNG', () => {
    expect(coverArtArgs('/w/s', 1, '/w/still.png')).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      SOURCE_DEMUXERS,
      '-i',
      '/w/s',
      '-map',
      '0:1',
      '-frames:v',
      '1',
      '-c:v',
      'png',
      '/w/still.png',
    ]);
  });

  it("takes a song's cover art out as a JPEG of at most 600 px a side", () => {
    expect(artworkArgs('/w/s', 2, '/w/artwork.jpg')).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      SOURCE_DEMUXERS,
      '-i',
      '/w/s',
      '-map',
      '0:2',
      '-frames:v',
      '1',
      '-vf',
      "scale=w='min(600,iw)':h='min(600,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2",
      '-q:v',
      '3',
      '/w/artwork.jpg',
    ]);
  });
});
