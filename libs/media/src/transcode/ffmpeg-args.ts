import { aacArgs, commonArgs, inputWhitelist, kbps, keyframeArgs } from '@siaran/ffmpeg';
import { SEGMENT_FILE_PATTERN } from '@siaran/storage';
import { type LadderPreset, type RenditionSpec } from '../presets/ladder-preset';
import { type TranscodePlan } from './transcode-plan';
import { SOURCE_DEMUXERS } from '../probe/probe-args';

/** Where a still picture for audio on TV comes from, once the pipeline has looked. */
export type StillPicture = { kind: 'image'; path: string } | { kind: 'slate' };

export interface TranscodeIo {
  source: string;
  /** Required when the plan airs audio over a still picture. */
  still?: StillPicture;
  outputDir: string;
  /** Cores this transcode may use; the encoders of a multi-rendition ladder share them. */
  cpus: number;
}

export const MEDIA_PLAYLIST_NAME = 'index.m3u8';
export const MASTER_PLAYLIST_NAME = 'master.m3u8';

/** Before `-i <source>`: only local files, only media demuxers. */
const SOURCE_INPUT_ARGS = inputWhitelist({ protocols: 'file', demuxers: SOURCE_DEMUXERS });

const fixed = (value: number) => String(Number(value.toFixed(3)));

/** Loudness (EBU R128, single pass), downmix and resampling to the preset's audio format. */
export function audioFilter(preset: LadderPreset): string {
  const { sampleRate, channels, loudness } = preset.audio;
  const layout = channels === 2 ? 'stereo' : 'mono';
  return [
    'aresample=async=1:first_pts=0',
    `aformat=channel_layouts=${layout}`,
    `loudnorm=I=${loudness.integratedLufs}:TP=${loudness.truePeakDbtp}:LRA=${loudness.rangeLu}`,
    `aresample=${sampleRate}`,
    `aformat=sample_fmts=fltp:sample_rates=${sampleRate}:channel_layouts=${layout}`,
  ].join(',');
}

/**
 * Fits the picture in the rung's frame, then pads (letterbox/pillarbox) to the exact rung size.
 * Uploads are never enlarged (their rungs above the source are dropped); a live feed fills
 * every rung of the ladder, so it may be (`enlarge`).
 */
export function rungScaleFilter(rendition: RenditionSpec, options: { enlarge?: boolean } = {}): string {
  const { width: w, height: h } = rendition.video as NonNullable<RenditionSpec['video']>;
  const size = options.enlarge ? `w=${w}:h=${h}` : `w='min(${w},iw)':h='min(${h},ih)'`;
  return `scale=${size}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=${w}:${h}:-1:-1:color=black,setsar=1`;
}

/**
 * The -filter_complex of a plan: one decode, one deinterlace/fps/format pass, then a
 * split into each rung's scaler, and one loudness pass split into each rendition's
 * audio encoder. Labels: [v0]… and [a0]… in rendition order.
 */
export function filterGraph(plan: TranscodePlan, preset: LadderPreset, stillInput: number | undefined): string {
  const n = plan.renditions.length;
  const chains: string[] = [];
  const video = plan.video;
  const settings = preset.video;
  if (video && settings) {
    let head: string;
    if (video.kind === 'source') {
      head = [
        `[0:${video.streamIndex}]`,
        [
          ...(video.deinterlace ? ['bwdif=mode=send_frame:parity=auto:deint=all'] : []),
          ...(video.anamorphic ? ['scale=w=trunc(iw*sar/2)*2:h=ih', 'setsar=1'] : []),
          `fps=fps=${settings.fps}:start_time=0`,
          'format=yuv420p',
        ].join(','),
      ].join('');
    } else if (stillInput !== undefined) {
      head = `[${stillInput}:v:0]fps=fps=${settings.fps}:start_time=0,format=yuv420p`;
    } else {
      const top = plan.renditions[0].video as NonNullable<RenditionSpec['video']>;
      head = `color=c=black:s=${top.width}x${top.height}:r=${settings.fps}:d=${fixed(plan.durationSeconds)},format=yuv420p`;
    }
    chains.push(n > 1 ? `${head},split=${n}${plan.renditions.map((_, i) => `[s${i}]`).join('')}` : `${head}[s0]`);
    plan.renditions.forEach((r, i) => chains.push(`[s${i}]${rungScaleFilter(r)}[v${i}]`));
  }
  const audioHead =
    plan.audio.kind === 'source'
      ? `[0:${plan.audio.streamIndex}]${audioFilter(preset)}`
      : silenceSource(preset, plan.durationSeconds);
  chains.push(
    n > 1 ? `${audioHead},asplit=${n}${plan.renditions.map((_, i) => `[a${i}]`).join('')}` : `${audioHead}[a0]`,
  );
  return chains.join(';');
}

function silenceSource(preset: LadderPreset, durationSeconds: number): string {
  const layout = preset.audio.channels === 2 ? 'stereo' : 'mono';
  return `anullsrc=r=${preset.audio.sampleRate}:cl=${layout},atrim=duration=${fixed(durationSeconds)},aformat=sample_fmts=fltp`;
}

/**
 * x264 threads of each encoder of a process that encodes `renditions` renditions. Left to
 * itself every encoder takes 1.5 threads per core, so several encoders oversubscribe the
 * cores several times over. At least 2: with 1, x264 encodes inside ffmpeg 5.1's main
 * thread, which calls the encoders one after the other, and the ladder runs serially.
 */
export function encoderThreads(cpus: number, renditions: number): number {
  return Math.max(2, Math.round((1.5 * cpus) / renditions));
}

/** libx264 for each rung of `renditions` (output video streams in that order), with the preset's rates, profiles and GOP grid. */
export function ladderVideoEncoderArgs(renditions: RenditionSpec[], preset: LadderPreset, cpus: number): string[] {
  const settings = preset.video;
  if (!settings) return [];
  const n = renditions.length;
  const perRendition = renditions.flatMap((r, i) => {
    const v = r.video as NonNullable<RenditionSpec['video']>;
    return [
      ...(n > 1 ? [`-threads:v:${i}`, String(encoderThreads(cpus, n))] : []),
      `-profile:v:${i}`,
      v.profile,
      `-level:v:${i}`,
      v.level,
      `-b:v:${i}`,
      kbps(v.bitrateKbps),
      `-maxrate:v:${i}`,
      kbps(v.maxrateKbps),
      `-bufsize:v:${i}`,
      kbps(v.bufsizeKbps),
    ];
  });
  return [
    '-c:v',
    'libx264',
    '-preset:v',
    settings.x264Preset,
    ...perRendition,
    '-pix_fmt',
    'yuv420p',
    ...keyframeArgs(settings),
  ];
}

/** AAC for each rendition of `renditions` (output audio streams in that order), in the preset's audio format. */
export function ladderAudioEncoderArgs(renditions: RenditionSpec[], preset: LadderPreset): string[] {
  return aacArgs({
    bitratesKbps: renditions.map((r) => r.audioBitrateKbps),
    sampleRate: preset.audio.sampleRate,
    channels: preset.audio.channels,
  });
}

/** The var_stream_map naming each rendition's streams: `v:0,a:0,name:720p …` or `a:0,name:audio-128k …`. */
export function varStreamMap(renditions: RenditionSpec[], withVideo: boolean): string {
  return renditions.map((r, i) => `${withVideo ? `v:${i},` : ''}a:${i},name:${r.name}`).join(' ');
}

/**
 * The whole ffmpeg command line (after the binary) for one asset and one preset:
 * a single process that decodes once and writes every rendition as VOD HLS
 * (MPEG-TS segments of exactly `segmentSeconds`) under `outputDir/<rendition>/`.
 */
export function transcodeArgs(plan: TranscodePlan, preset: LadderPreset, io: TranscodeIo): string[] {
  const inputs = [...SOURCE_INPUT_ARGS, '-i', io.source];
  let stillInput: number | undefined;
  if (plan.video?.kind === 'still') {
    if (!io.still) throw new Error('the plan airs audio over a still picture, but no still was given');
    if (io.still.kind === 'image') {
      stillInput = 1;
      inputs.push(
        '-loop',
        '1',
        '-framerate',
        String(preset.video?.fps),
        '-t',
        fixed(plan.durationSeconds),
        '-i',
        io.still.path,
      );
    }
  }
  const maps = plan.renditions.flatMap((_, i) => [...(plan.video ? ['-map', `[v${i}]`] : []), '-map', `[a${i}]`]);
  return [
    ...commonArgs({ errorsOnly: true, progress: true }),
    ...inputs,
    '-filter_complex',
    filterGraph(plan, preset, stillInput),
    ...maps,
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    ...(plan.video ? ladderVideoEncoderArgs(plan.renditions, preset, io.cpus) : []),
    ...ladderAudioEncoderArgs(plan.renditions, preset),
    '-max_muxing_queue_size',
    '4096',
    '-f',
    'hls',
    '-hls_time',
    fixed(preset.segmentSeconds),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'mpegts',
    '-hls_flags',
    'independent_segments',
    '-hls_segment_filename',
    `${io.outputDir}/%v/${SEGMENT_FILE_PATTERN}`,
    '-master_pl_name',
    MASTER_PLAYLIST_NAME,
    '-var_stream_map',
    varStreamMap(plan.renditions, plan.video !== undefined),
    `${io.outputDir}/%v/${MEDIA_PLAYLIST_NAME}`,
  ];
}

/** One frame, a tenth of the way in (at most 10 s), scaled to fit the top rung: the poster. A still we made ourselves is read as it is. */
export function posterArgs(input: {
  source: string;
  fromUpload: boolean;
  stream: string;
  seekSeconds: number;
  deinterlace: boolean;
  width: number;
  height: number;
  output: string;
}): string[] {
  return [
    ...commonArgs({ errorsOnly: true }),
    ...(input.seekSeconds > 0 ? ['-ss', fixed(input.seekSeconds)] : []),
    ...(input.fromUpload ? SOURCE_INPUT_ARGS : []),
    '-i',
    input.source,
    '-map',
    input.stream,
    '-frames:v',
    '1',
    '-vf',
    `${input.deinterlace ? 'bwdif=mode=send_frame:deint=all,' : ''}scale=w='min(${input.width},iw)':h='min(${input.height},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`,
    '-q:v',
    '3',
    input.output,
  ];
}

/** Copies an embedded picture (cover art) out of the source as PNG, to loop under audio. */
export function coverArtArgs(source: string, streamIndex: number, output: string): string[] {
  return [
    ...commonArgs({ errorsOnly: true }),
    ...SOURCE_INPUT_ARGS,
    '-i',
    source,
    '-map',
    `0:${streamIndex}`,
    '-frames:v',
    '1',
    '-c:v',
    'png',
    output,
  ];
}

/** The largest side of a song's artwork as kept: enough for a player, whatever size the file embeds. */
export const ARTWORK_MAX_PIXELS = 600;

/**
 * A song's embedded picture (cover art), scaled down to fit `ARTWORK_MAX_PIXELS` square and kept
 * as JPEG: the artwork now-playing shows. One pass over the source.
 */
export function artworkArgs(source: string, streamIndex: number, output: string): string[] {
  return [
    ...commonArgs({ errorsOnly: true }),
    ...SOURCE_INPUT_ARGS,
    '-i',
    source,
    '-map',
    `0:${streamIndex}`,
    '-frames:v',
    '1',
    '-vf',
    `scale=w='min(${ARTWORK_MAX_PIXELS},iw)':h='min(${ARTWORK_MAX_PIXELS},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`,
    '-q:v',
    '3',
    output,
  ];
}

export function posterSeekSeconds(durationSeconds: number): number {
  return Math.min(10, Math.floor(durationSeconds / 10));
}
