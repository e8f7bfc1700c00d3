import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export type BinarySource = 'env' | 'path' | 'npm';

export interface FfmpegBinary {
  path: string;
  source: BinarySource;
  version: string;
}

export interface FfmpegBinaries {
  ffmpeg: FfmpegBinary;
  ffprobe: FfmpegBinary;
}

interface Candidate {
  path: string;
  source: BinarySource;
}

/**
 * Where a binary is, in order: the explicit setting, the PATH, then the build shipped
 * on npm (a 2018 static ffmpeg; enough to run, older than what Debian ships).
 */
export function findBinary(
  name: 'ffmpeg' | 'ffprobe',
  configured: string | undefined,
  envPath = process.env.PATH ?? '',
): Candidate {
  if (configured) return { path: configured, source: 'env' };
  for (const dir of envPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return { path: candidate, source: 'path' };
  }
  const npmPackage = name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const installer = require(npmPackage) as { path: string };
    return { path: installer.path, source: 'npm' };
  } catch {
    throw new Error(
      `${name} was not found: set ${name.toUpperCase()}_PATH, install it (apt-get install ffmpeg), or reinstall dependencies (${npmPackage})`,
    );
  }
}

export function parseVersion(versionOutput: string): string {
  const match = /version\s+(\S+)/.exec(versionOutput);
  return match ? match[1] : 'unknown';
}

async function describe(name: 'ffmpeg' | 'ffprobe', configured: string | undefined): Promise<FfmpegBinary> {
  const candidate = findBinary(name, configured);
  try {
    const { stdout } = await execFileAsync(candidate.path, ['-hide_banner', '-version'], { timeout: 10000 });
    return { ...candidate, version: parseVersion(stdout) };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`${name} at ${candidate.path} (from ${candidate.source}) cannot run: ${reason}`, { cause: error });
  }
}

export async function locateFfmpeg(settings: { ffmpegPath?: string; ffprobePath?: string }): Promise<FfmpegBinaries> {
  const [ffmpeg, ffprobe] = await Promise.all([
    describe('ffmpeg', settings.ffmpegPath),
    describe('ffprobe', settings.ffprobePath),
  ]);
  return { ffmpeg, ffprobe };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
