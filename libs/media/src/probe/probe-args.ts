import { ffprobeJsonArgs, inputWhitelist } from '@siaran/ffmpeg';
import { SOURCE_DEMUXERS } from '../transcode/ffmpeg-args';

/** ffprobe of a source over HTTP (a presigned object URL) or a local file. */
export function ffprobeArgs(input: string): string[] {
  return [...ffprobeJsonArgs(['format', 'streams', 'error']), '-rw_timeout', '30000000', ...inputWhitelist({ demuxers: SOURCE_DEMUXERS }), input];
}
