import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the system's ffmpeg to make a test file; throws with its stderr. */
export async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(
      `ffmpeg ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`,
      { cause: error },
    );
  }
}

export async function ffprobeJson(
  path: string,
  extra: string[] = ['-show_format', '-show_streams'],
): Promise<
  Record<string, unknown> & {
    streams?: Array<Record<string, unknown>>;
    frames?: Array<Record<string, unknown>>;
    packets?: Array<Record<string, unknown>>;
    format?: Record<string, unknown>;
  }
> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', ...extra, path], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

export interface TestVideo {
  seconds: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Audio channel layout, or false for none. */
  audio?: 'stereo' | 'mono' | '5.1' | false;
  sampleRate?: number;
  extraVideoFilters?: string[];
  videoCodecArgs?: string[];
  outputArgs?: string[];
}

/** A test pattern with a tone: small, quick to encode (x264 ultrafast). */
export async function makeVideo(path: string, options: TestVideo): Promise<void> {
  const { seconds, width = 1280, height = 720, fps = 25, audio = 'stereo', sampleRate = 48000 } = options;
  const filters = ['format=yuv420p', ...(options.extraVideoFilters ?? [])];
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=${width}x${height}:r=${fps}:d=${seconds}`,
    ...(audio
      ? [
          '-f',
          'lavfi',
          '-i',
          `sine=f=440:r=${sampleRate}:d=${seconds},aformat=channel_layouts=${audio === '5.1' ? '5.1' : audio}`,
        ]
      : []),
    '-vf',
    filters.join(','),
    ...(options.videoCodecArgs ?? ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(fps)]),
    ...(audio ? ['-c:a', 'aac', '-b:a', '96k'] : []),
    ...(options.outputArgs ?? []),
    path,
  ]);
}

export async function makeTone(
  path: string,
  options: { seconds: number; sampleRate?: number; codecArgs: string[]; extraInputs?: string[]; extraArgs?: string[] },
): Promise<void> {
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `sine=f=330:r=${options.sampleRate ?? 44100}:d=${options.seconds}`,
    ...(options.extraInputs ?? []),
    ...options.codecArgs,
    ...(options.extraArgs ?? []),
    path,
  ]);
}
