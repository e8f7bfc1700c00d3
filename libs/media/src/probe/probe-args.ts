import { ffprobeJsonArgs, inputWhitelist } from '@siaran/ffmpeg';

/**
 * Demuxers a source may be read with. Playlists and scripts (hls, concat, …) are left out:
 * they make ffmpeg open other files or URLs named inside an upload.
 */
export const SOURCE_DEMUXERS = [
  'mov,mp4,m4a,3gp,3g2,mj2',
  'matroska,webm',
  'mpegts',
  'mpeg',
  'avi',
  'flv',
  'asf',
  'mp3',
  'aac',
  'wav',
  'w64',
  'flac',
  'ogg',
  'mxf',
  'dv',
  'aiff',
  'caf',
  'ac3',
  'eac3',
  'amr',
  'm4v',
  'h264',
  'hevc',
  'mpegvideo',
].join(',');

/**
 * Single-picture demuxers, for the probe only: it must recognise a still picture to refuse it as
 * one, where without them ffprobe could only say "Invalid argument". Transcodes never read them.
 */
export const STILL_PICTURE_DEMUXERS = ['png_pipe', 'jpeg_pipe', 'gif', 'webp_pipe', 'bmp_pipe', 'tiff_pipe'].join(',');

/** ffprobe of a source over HTTP (a presigned object URL) or a local file. */
export function ffprobeArgs(input: string): string[] {
  return [
    ...ffprobeJsonArgs(['format', 'streams', 'error']),
    '-rw_timeout',
    '30000000',
    ...inputWhitelist({ demuxers: `${SOURCE_DEMUXERS},${STILL_PICTURE_DEMUXERS}` }),
    input,
  ];
}
