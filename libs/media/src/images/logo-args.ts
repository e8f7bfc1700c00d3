import { commonArgs, ffprobeJsonArgs, inputWhitelist } from '@siaran/ffmpeg';
import { type ImageFormat } from './image-format';

export interface Size {
  width: number;
  height: number;
}

/** The top rung of the TV ladder: a larger still would only be scaled down again by every transcode. */
export const LOGO_BOX: Size = { width: 1280, height: 720 };

/** ffmpeg's demuxer for each format: the input is never left to guessing. */
const DEMUXERS: Record<ImageFormat, string> = { png: 'png_pipe', jpeg: 'jpeg_pipe' };

/** The size that fits `size` in `box` keeping its aspect ratio; never enlarged. */
export function fitWithin(size: Size, box: Size): Size {
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** ffprobe of an uploaded image, read with the demuxer of its sniffed format only. */
export function imageProbeArgs(path: string, format: ImageFormat): string[] {
  return [
    ...ffprobeJsonArgs(['streams', 'error']),
    ...inputWhitelist({ protocols: 'file' }),
    '-f',
    DEMUXERS[format],
    path,
  ];
}

/**
 * Decodes the upload (any decoding error fails the run), scales it to `size`, flattens
 * transparency onto black (what surrounds the picture on air) and writes an RGB PNG.
 */
export function logoNormaliseArgs(input: {
  source: string;
  format: ImageFormat;
  size: Size;
  output: string;
}): string[] {
  const { width, height } = input.size;
  return [
    ...commonArgs({ errorsOnly: true }),
    '-xerror',
    '-err_detect',
    'explode',
    ...inputWhitelist({ protocols: 'file' }),
    '-f',
    DEMUXERS[input.format],
    '-i',
    input.source,
    '-filter_complex',
    `[0:v]scale=${width}:${height}:flags=lanczos,format=rgba[logo];color=c=black:s=${width}x${height},format=rgba[ground];[ground][logo]overlay=shortest=1,format=rgb24`,
    '-frames:v',
    '1',
    '-c:v',
    'png',
    '-f',
    'image2',
    '-update',
    '1',
    input.output,
  ];
}
