import { commonArgs } from '@siaran/ffmpeg';
import {
  type LadderPreset,
  ladderAudioEncoderArgs,
  ladderVideoEncoderArgs,
  MEDIA_PLAYLIST_NAME,
  type RenditionSpec,
  rungScaleFilter,
  varStreamMap,
} from '@siaran/media';
import { SEGMENT_FILE_PATTERN } from '@siaran/storage';

/** What a feed carries, as far as the encoder must know: a TV preset airs an audio-only feed over a still. */
export const FEED_SHAPES = ['audio-video', 'audio-only'] as const;
export type FeedShape = (typeof FEED_SHAPES)[number];

export interface LiveEncoderIo {
  /** The feed: ffmpeg arguments up to and including `-i <url>` (FeedSource.inputArgs). */
  inputArgs: string[];
  feedShape: FeedShape;
  /** A picture (the station logo) looped under an audio-only feed on a TV preset; black without it. */
  stillPath?: string;
  /** Segments and media playlists go to `<outputDir>/<rendition>/`. */
  outputDir: string;
  /** The index of the first segment written. */
  firstIndex: number;
  /** Cores this encoder may use. */
  cpus: number;
  /** Silence on the feed longer than this is reported (silencedetect on stderr). */
  silenceSeconds: number;
  /** A feed that sends nothing for this long ends ffmpeg (for protocols that can time out a read). */
  readTimeoutSeconds: number;
}

/** Segments each media playlist keeps listing; the encoder reads them long before they slide out. */
export const LIVE_PLAYLIST_WINDOW = 10;

/** Below this level the feed counts as silent (digital silence and the hiss of an open channel with nothing on it). */
const SILENCE_NOISE_DB = -50;

/**
 * Loudness for a feed that never ends: dynaudnorm evens the level out within a few seconds,
 * towards an RMS equal to the preset's integrated loudness (programme RMS and LUFS agree within
 * a dB or two), never above its true-peak ceiling. loudnorm, used for uploads, holds 3 s of
 * audio and works at 192 kHz: about as much CPU as a whole live radio input may take.
 */
export function liveLoudnessFilter(preset: LadderPreset): string {
  const { integratedLufs, truePeakDbtp } = preset.audio.loudness;
  const ratio = (db: number) => String(Number((10 ** (db / 20)).toFixed(4)));
  return `dynaudnorm=f=200:g=15:p=${ratio(truePeakDbtp)}:m=10:targetrms=${ratio(integratedLufs)}`;
}

/** The feed's first audio stream: timestamps kept continuous (gaps filled), silence watched, loudness evened, the preset's format. */
export function liveAudioChain(preset: LadderPreset, silenceSeconds: number): string {
  const { sampleRate, channels } = preset.audio;
  const layout = channels === 2 ? 'stereo' : 'mono';
  return [
    `[0:a:0]aresample=async=1:first_pts=0`,
    `aformat=channel_layouts=${layout}`,
    `silencedetect=n=${SILENCE_NOISE_DB}dB:d=${silenceSeconds}`,
    liveLoudnessFilter(preset),
    `aresample=${sampleRate}`,
    `aformat=sample_fmts=fltp:sample_rates=${sampleRate}:channel_layouts=${layout}`,
  ].join(',');
}

/**
 * The picture before it is split into rungs: the feed's first video stream deinterlaced
 * (frames flagged interlaced only), made square-pixel, at the preset's frame rate. Under an
 * audio-only feed: black drawn from the sound itself (showwaves in black on black), so that the
 * picture ends when the feed does, with the still picture (input 1) fitted over it.
 */
function liveVideoChains(preset: LadderPreset, io: LiveEncoderIo): string[] {
  const fps = (preset.video as NonNullable<LadderPreset['video']>).fps;
  const tail = `fps=fps=${fps}:start_time=0,format=yuv420p`;
  if (io.feedShape === 'audio-video')
    return [
      `[0:v:0]bwdif=mode=send_frame:parity=auto:deint=interlaced,scale=w=trunc(iw*sar/2)*2:h=ih,setsar=1,${tail}`,
    ];
  const { width, height } = preset.renditions[0].video as NonNullable<RenditionSpec['video']>;
  const black = `[picture]showwaves=s=${width}x${height}:r=${fps}:mode=point:colors=black`;
  if (!io.stillPath) return [`${black},${tail}`];
  return [
    `${black}[black]`,
    `[1:v:0]scale=w=${width}:h=${height}:force_original_aspect_ratio=decrease:force_divisible_by=2[still]`,
    `[black][still]overlay=x=(W-w)/2:y=(H-h)/2:eof_action=repeat,${tail}`,
  ];
}

/** The -filter_complex: one picture split into each rung's scaler, one audio chain split into each rendition's encoder. */
export function liveFilterGraph(preset: LadderPreset, io: LiveEncoderIo): string {
  const n = preset.renditions.length;
  const labels = (prefix: string) => preset.renditions.map((_, i) => `[${prefix}${i}]`).join('');
  const pictureFromSound = preset.video !== undefined && io.feedShape === 'audio-only';
  const audio = liveAudioChain(preset, io.silenceSeconds);
  const audioOutputs = `${labels('a')}${pictureFromSound ? '[picture]' : ''}`;
  const chains = [
    n > 1 || pictureFromSound ? `${audio},asplit=${n + (pictureFromSound ? 1 : 0)}${audioOutputs}` : `${audio}[a0]`,
  ];
  if (preset.video) {
    const video = liveVideoChains(preset, io);
    const head = video.pop() as string;
    chains.push(...video, n > 1 ? `${head},split=${n}${labels('s')}` : `${head}[s0]`);
    preset.renditions.forEach((r, i) => chains.push(`[s${i}]${rungScaleFilter(r, { enlarge: true })}[v${i}]`));
  }
  return chains.join(';');
}

/**
 * One ffmpeg for one live feed: every rendition of `preset` (a radio preset ignores the
 * feed's video) as live HLS, MPEG-TS segments of the preset's duration numbered from
 * `firstIndex`, each written under a temporary name and renamed when complete, none ever
 * deleted by ffmpeg (the encoder removes them once stored). Log level info: silencedetect
 * reports on stderr; progress (frames) on stdout.
 */
export function liveEncoderArgs(preset: LadderPreset, io: LiveEncoderIo): string[] {
  const stillInput = preset.video && io.feedShape === 'audio-only' && io.stillPath ? ['-i', io.stillPath] : [];
  const maps = preset.renditions.flatMap((_, i) => [...(preset.video ? ['-map', `[v${i}]`] : []), '-map', `[a${i}]`]);
  return [
    ...commonArgs({ progress: true }),
    '-rw_timeout',
    String(Math.round(io.readTimeoutSeconds * 1e6)),
    ...io.inputArgs,
    ...stillInput,
    '-filter_complex',
    liveFilterGraph(preset, io),
    ...maps,
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    ...ladderVideoEncoderArgs(preset.renditions, preset, io.cpus),
    ...ladderAudioEncoderArgs(preset.renditions, preset),
    '-max_muxing_queue_size',
    '4096',
    '-f',
    'hls',
    '-hls_time',
    String(preset.segmentSeconds),
    '-hls_list_size',
    String(LIVE_PLAYLIST_WINDOW),
    '-hls_segment_type',
    'mpegts',
    '-hls_flags',
    'independent_segments+temp_file',
    '-start_number',
    String(io.firstIndex),
    '-hls_segment_filename',
    `${io.outputDir}/%v/${SEGMENT_FILE_PATTERN}`,
    '-var_stream_map',
    varStreamMap(preset.renditions, preset.video !== undefined),
    `${io.outputDir}/%v/${MEDIA_PLAYLIST_NAME}`,
  ];
}
