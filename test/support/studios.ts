import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** An ffmpeg standing in for a studio (or for the live encoder reading a feed). */
export interface RunningFfmpeg {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed) and the stderr it wrote. */
  exited: Promise<{ code: number | null; stderr: string }>;
  stop(): void;
}

export function startFfmpeg(args: string[], stdin?: Readable): RunningFfmpeg {
  const child = spawn('ffmpeg', ['-hide_banner', '-nostats', '-loglevel', 'error', '-y', ...args], {
    stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'],
  });
  if (stdin && child.stdin) {
    child.stdin.on('error', () => undefined);
    stdin.pipe(child.stdin);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
  return { child, exited, stop: () => child.kill('SIGKILL') };
}

/** A test pattern with a tone, in real time, for `seconds` (long enough to be stopped first by default). */
export function studioAv(seconds = 60): string[] {
  return [
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=320x240:r=25:d=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:d=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    '25',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
  ];
}

/** A tone, in real time, encoded as MP3. */
export function studioMp3(seconds = 60): string[] {
  return [
    '-re',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=44100:d=${seconds}`,
    '-c:a',
    'libmp3lame',
    '-b:a',
    '128k',
  ];
}
