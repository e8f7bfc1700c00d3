// Builds the exact ffmpeg command lines the system runs (from the built code), for benchmarks.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

const require = createRequire(import.meta.url);
const media = require(join(ROOT, 'dist/libs/media/src/index.js'));

export function ffprobe(path) {
  return new Promise((resolve, reject) => {
    const child = spawn('ffprobe', media.ffprobeArgs(path));
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', () => resolve(media.interpretProbe(JSON.parse(out), 1)));
    child.on('error', reject);
  });
}

export function preset(name) {
  return media.loadLadderPresets(join(ROOT, 'config/ladders')).get(name);
}

/** The single-process ladder command of the system, writing under `outputDir`. */
export function ladderArgs(ladder, probe, source, outputDir) {
  const plan = media.planTranscode(ladder, probe);
  return media.transcodeArgs(plan, ladder, { source, outputDir, cpus: availableParallelism() });
}

/** The same ladder as one ffmpeg process per rendition: each decodes the source on its own. */
export function perRenditionArgs(ladder, probe, source, outputDir) {
  return ladder.renditions.map((rendition) => {
    const plan = { ...media.planTranscode(ladder, probe), renditions: [rendition] };
    return media.transcodeArgs(plan, ladder, {
      source,
      outputDir: join(outputDir, rendition.name),
      cpus: availableParallelism(),
    });
  });
}

export function freshDir(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}
