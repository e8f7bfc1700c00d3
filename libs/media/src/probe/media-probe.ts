import { DomainError } from '@siaran/core';
import { type SongTags, songTagsOf } from './song-tags';

/** What ffprobe found in a source, reduced to what decides how it airs. Stored as the asset's probe JSON. */
export interface MediaProbe {
  container: string;
  durationSeconds: number;
  sizeBytes: number;
  bitRate?: number;
  video?: VideoStreamInfo;
  audio?: AudioStreamInfo;
  /** Stream index of an embedded picture (MP3/M4A cover art), the still for audio on TV. */
  coverArtIndex?: number;
  /** Every audio track in order, with its language tag (ISO 639, as the file names it). Absent in probes stored before it was kept. */
  audioTracks?: AudioTrack[];
  /** The upload chose the audio track (`audioTrack`) instead of the file's default. */
  audioTrackChosen?: boolean;
  streams: Array<{ index: number; type: string; codec: string }>;
  /** The song named by the file's tags (fields empty without tags). */
  song?: SongTags;
}

export interface VideoStreamInfo {
  index: number;
  codec: string;
  profile?: string;
  width: number;
  height: number;
  /** After rotation: the picture as it should be seen. */
  displayWidth: number;
  displayHeight: number;
  /** Degrees clockwise the picture must be turned for display: 0, 90, 180 or 270. */
  rotation: number;
  frameRate: number;
  averageFrameRate: number;
  variableFrameRate: boolean;
  interlaced: boolean;
  fieldOrder?: string;
  pixelFormat?: string;
  bitDepth: number;
  /** Pixel aspect ratio as num/den; 1 for square pixels. Anamorphic SD (DV, DVB) is not 1. */
  sampleAspectRatio: number;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  channelLayout?: string;
}

export interface AudioTrack {
  index: number;
  language: string | null;
  channels: number;
  /** Absent in probes stored before they were kept. */
  codec?: string;
  sampleRate?: number;
  channelLayout?: string;
}

export type RefusalCode = 'MEDIA_EMPTY' | 'MEDIA_UNREADABLE' | 'MEDIA_TRUNCATED' | 'MEDIA_NO_STREAMS';

/** A source that cannot air, with a reason a producer can act on; `detail` is ffprobe's own word. */
export class MediaRefusedError extends DomainError {
  constructor(
    override readonly code: RefusalCode,
    message: string,
    readonly detail?: string,
  ) {
    super('unprocessable', code, message, detail ? { ffprobe: detail } : undefined);
  }
}

interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  field_order?: string;
  pix_fmt?: string;
  bits_per_raw_sample?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  disposition?: { attached_pic?: number; default?: number };
  sample_aspect_ratio?: string;
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

export interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; size?: string; bit_rate?: string; tags?: Record<string, string> };
  streams?: FfprobeStream[];
  error?: { code: number; string: string };
}

const IMAGE_FORMATS = /(^|,)(image2|png_pipe|jpeg_pipe|bmp_pipe|gif|webp_pipe|tiff_pipe|svg_pipe|gif_pipe)(,|$)/;
const INTERLACED_FIELD_ORDERS = new Set(['tt', 'bb', 'tb', 'bt']);

function rate(value: string | undefined): number {
  if (!value) return 0;
  const [num, den] = value.split('/').map(Number);
  return den ? num / den : Number(num) || 0;
}

function rotationOf(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find(
    (d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number',
  );
  const degrees = matrix?.rotation ?? Number(stream.tags?.rotate ?? 0);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function bitDepthOf(stream: FfprobeStream): number {
  const fromFormat = /p(9|10|12|14|16)(le|be)?$/.exec(stream.pix_fmt ?? '');
  if (fromFormat) return Number(fromFormat[1]);
  return Number(stream.bits_per_raw_sample) || 8;
}

function sampleAspectRatioOf(stream: FfprobeStream): number {
  const [num, den] = (stream.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  return num > 0 && den > 0 ? num / den : 1;
}

function preferDefault(streams: FfprobeStream[]): FfprobeStream | undefined {
  return streams.find((s) => s.disposition?.default) ?? streams[0];
}

/**
 * Reads ffprobe's JSON. Refuses what cannot air: no duration, a still image, neither
 * audio nor video. (Empty files and missing MP4 indexes are caught before ffprobe runs.)
 */
export function interpretProbe(output: FfprobeOutput, sizeBytes: number): MediaProbe {
  if (output.error || !output.format) {
    throw new MediaRefusedError(
      'MEDIA_UNREADABLE',
      'The file is not audio or video that can be read.',
      output.error?.string,
    );
  }
  const streams = output.streams ?? [];
  const container = output.format.format_name ?? 'unknown';
  const videoStreams = streams.filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audioStreams = streams.filter((s) => s.codec_type === 'audio');
  if (IMAGE_FORMATS.test(container)) {
    throw new MediaRefusedError('MEDIA_NO_STREAMS', 'The file is a still picture, not audio or video.');
  }
  if (videoStreams.length === 0 && audioStreams.length === 0) {
    throw new MediaRefusedError('MEDIA_NO_STREAMS', 'The file has neither an audio nor a video stream.');
  }
  const durationSeconds = Number(output.format.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new MediaRefusedError(
      'MEDIA_UNREADABLE',
      'The length of the file cannot be read: it is damaged or not a finished recording.',
    );
  }
  const v = preferDefault(videoStreams);
  const a = preferDefault(audioStreams);
  let video: VideoStreamInfo | undefined;
  if (v) {
    const width = v.width ?? 0;
    const height = v.height ?? 0;
    if (width <= 0 || height <= 0)
      throw new MediaRefusedError('MEDIA_UNREADABLE', 'The video stream has no picture size: it cannot be decoded.');
    const rotation = rotationOf(v);
    const sideways = rotation === 90 || rotation === 270;
    const sar = sampleAspectRatioOf(v);
    const shownWidth = sar === 1 ? width : Math.round(width * sar);
    const frameRate = rate(v.r_frame_rate);
    const averageFrameRate = rate(v.avg_frame_rate);
    video = {
      index: v.index,
      codec: v.codec_name ?? 'unknown',
      profile: v.profile,
      width,
      height,
      displayWidth: sideways ? height : shownWidth,
      displayHeight: sideways ? shownWidth : height,
      rotation,
      frameRate,
      averageFrameRate,
      variableFrameRate: averageFrameRate > 0 && Math.abs(frameRate - averageFrameRate) / averageFrameRate > 0.01,
      interlaced: INTERLACED_FIELD_ORDERS.has(v.field_order ?? ''),
      fieldOrder: v.field_order,
      pixelFormat: v.pix_fmt,
      bitDepth: bitDepthOf(v),
      sampleAspectRatio: sar,
    };
  }
  return {
    container,
    durationSeconds,
    sizeBytes,
    bitRate: Number(output.format.bit_rate) || undefined,
    video,
    audio: a
      ? {
          index: a.index,
          codec: a.codec_name ?? 'unknown',
          sampleRate: Number(a.sample_rate) || 0,
          channels: a.channels ?? 0,
          channelLayout: a.channel_layout,
        }
      : undefined,
    coverArtIndex: streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1)?.index,
    audioTracks: audioStreams.map((s) => ({
      index: s.index,
      language: s.tags?.language && s.tags.language !== 'und' ? s.tags.language : null,
      channels: s.channels ?? 0,
      codec: s.codec_name ?? 'unknown',
      sampleRate: Number(s.sample_rate) || 0,
      channelLayout: s.channel_layout,
    })),
    streams: streams.map((s) => ({
      index: s.index,
      type: s.codec_type ?? 'unknown',
      codec: s.codec_name ?? 'unknown',
    })),
    // Ogg and Opus keep their Vorbis comments on the audio stream.
    song: songTagsOf(output.format.tags, a?.tags),
  };
}
