import { commonArgs, generatedCardOutputArgs } from '@siaran/ffmpeg';

/** About this long, and a whole number of segments: each loop of the slate ends on the segment grid. */
const SLATE_MIN_SECONDS = 12;

export function slateSeconds(segmentSeconds: number): number {
  return segmentSeconds * Math.ceil(SLATE_MIN_SECONDS / segmentSeconds);
}

export interface SlateSpec {
  kind: 'tv' | 'radio';
  /** A file holding the text drawn on the picture (drawtext reads it: no escaping of names). */
  textFile: string;
  /** From `slateSeconds`. */
  seconds: number;
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
    return [...commonArgs(), ...silence, '-t', String(spec.seconds), '-c:a', 'aac', '-b:a', '128k', spec.output];
  }
  return [
    ...commonArgs(),
    '-f',
    'lavfi',
    '-i',
    `smptehdbars=size=1280x720:rate=25:duration=${spec.seconds}`,
    ...silence,
    '-vf',
    `drawtext=textfile=${spec.textFile}:fontsize=64:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=28:x=(w-text_w)/2:y=(h-text_h)/2`,
    '-shortest',
    ...generatedCardOutputArgs(spec.seconds, spec.output),
  ];
}
