import { commonArgs, generatedCardOutputArgs } from '@siaran/ffmpeg';
import type { EmergencySeverity } from '../emergency-override';

/** About this long, and a whole number of segments: each loop of a bulletin ends on the segment grid. */
const MIN_SECONDS = 12;
/** The attention tone at the start of every bulletin. */
export const TONE_SECONDS = 3;
/** espeak-ng speaks Indonesian at about this many characters a second (at 150 words a minute). */
const SPOKEN_CHARACTERS_PER_SECOND = 12;

/** Long enough for the tone, the spoken message and a pause, in whole segments. */
export function bulletinSeconds(segmentSeconds: number, spokenCharacters: number): number {
  const wanted = Math.max(MIN_SECONDS, TONE_SECONDS + Math.ceil(spokenCharacters / SPOKEN_CHARACTERS_PER_SECOND) + 1);
  return segmentSeconds * Math.ceil(wanted / segmentSeconds);
}

/** The card's background per severity (CAP's levels), and the text colour that reads on it. */
export const SEVERITY_COLOURS: Readonly<Record<EmergencySeverity, { background: string; text: string }>> = {
  extreme: { background: '0xB71C1C', text: 'white' },
  severe: { background: '0xE65100', text: 'white' },
  moderate: { background: '0xF9A825', text: 'black' },
  minor: { background: '0x1565C0', text: 'white' },
};

/** Breaks a message into lines of at most `width` characters at spaces (drawtext does not wrap). */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Two tones at once for three seconds (853 and 960 Hz, the pair broadcast warnings use), stereo 48 kHz. */
const ATTENTION_TONE = `aevalsrc=0.4*sin(2*PI*853*t)+0.4*sin(2*PI*960*t):channel_layout=stereo:sample_rate=48000:duration=${TONE_SECONDS}`;

export interface TvBulletinSpec {
  severity: EmergencySeverity;
  /** Files holding the heading and the wrapped message (drawtext reads them: no escaping). */
  headingFile: string;
  messageFile: string;
  seconds: number;
  output: string;
}

/**
 * A TV bulletin: the message on the severity's colour under a heading, the attention tone
 * then silence. Encoded once here, then through the channel's ladder like any other asset.
 */
export function tvBulletinArgs(spec: TvBulletinSpec): string[] {
  const colours = SEVERITY_COLOURS[spec.severity];
  const text = `fontcolor=${colours.text}:x=(w-text_w)/2`;
  return [
    ...commonArgs(),
    '-f',
    'lavfi',
    '-i',
    `color=c=${colours.background}:size=1280x720:rate=25:duration=${spec.seconds}`,
    '-f',
    'lavfi',
    '-i',
    ATTENTION_TONE,
    '-filter_complex',
    `[0:v]drawtext=textfile=${spec.headingFile}:fontsize=60:${text}:y=90,` +
      `drawtext=textfile=${spec.messageFile}:fontsize=40:line_spacing=14:${text}:y=(h-text_h)/2+40[v];` +
      `[1:a]apad=whole_dur=${spec.seconds}[a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...generatedCardOutputArgs(spec.seconds, spec.output),
  ];
}

export interface RadioBulletinSpec {
  /** The message spoken by espeak-ng (a WAV file), or null: the tone, then silence. */
  speechFile: string | null;
  seconds: number;
  output: string;
}

/** A radio bulletin: the attention tone, then the spoken message when there is one, then silence. */
export function radioBulletinArgs(spec: RadioBulletinSpec): string[] {
  const graph = spec.speechFile
    ? `[1:a]aresample=48000,aformat=channel_layouts=stereo[s];[0:a][s]concat=n=2:v=0:a=1,apad=whole_dur=${spec.seconds}[a]`
    : `[0:a]apad=whole_dur=${spec.seconds}[a]`;
  return [
    ...commonArgs(),
    '-f',
    'lavfi',
    '-i',
    ATTENTION_TONE,
    ...(spec.speechFile ? ['-i', spec.speechFile] : []),
    '-filter_complex',
    graph,
    '-map',
    '[a]',
    '-t',
    String(spec.seconds),
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    spec.output,
  ];
}

/** espeak-ng speaking a text file in Bahasa Indonesia into a WAV file. */
export function speechArgs(textFile: string, output: string): string[] {
  return ['-v', 'id', '-s', '150', '-f', textFile, '-w', output];
}
