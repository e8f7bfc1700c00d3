import { commonArgs } from '@siaran/ffmpeg';

export const SLATE_SECONDS = 12;

export interface SlateSpec {
  kind: 'tv' | 'radio';
  /** A file holding the text drawn on the picture (drawtext reads it: no escaping of names). */
  textFile: string;
  output: string;
}

/**
 * ffmpeg arguments for a channel's slate: TV, SMPTE colour bars with the channel's name and
 * silence; radio, silence (its now-playing title says so). Encoded once here, then through
 * the channel's ladder like any other asset.
 */
export function slateArgs(spec: SlateSpec): string[] {
  const silence = ['-f', 'lavfi', '-i', `anullsrc=channel_layout=stereo:sample_rate=48000`];
  if (spec.kind === 'radio') {
    return [...commonArgs(), ...silence, '-t', String(SLATE_SECONDS), '-c:a', 'aac', '-b:a', '128k', spec.output];
  }
  return [
    ...commonArgs(),
    '-f',
    'lavfi',
    '-i',
    `smptehdbars=size=1280x720:rate=25:duration=${SLATE_SECONDS}`,
    ...silence,
    '-vf',
    `drawtext=textfile=${spec.textFile}:fontsize=64:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=28:x=(w-text_w)/2:y=(h-text_h)/2`,
    '-t',
    String(SLATE_SECONDS),
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
    '-shortest',
    spec.output,
  ];
}
