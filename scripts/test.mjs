#!/usr/bin/env node
// `npm test`: every test, in two passes after one build.
//   1. unit, integration and end-to-end files, three at a time;
//   2. the real-time files (*.realtime.e2e-spec.ts: live ffmpeg feeds encoded and aired as they
//      arrive, browsers playing), one at a time, alone on the machine: they check that encoders
//      keep up with real time, which two of them sharing two cores cannot.
// Arguments are passed to both Jest runs; `--outputFile=x.json` becomes x.json and x-realtime.json.
// Exits non-zero when either pass fails; both always run.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jest = join(root, 'node_modules/.bin/jest');
const args = process.argv.slice(2);

function run(command, commandArgs, env = {}) {
  const { status } = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return status === 0;
}

function renamedOutput(suffix) {
  return args.map((arg) => (arg.startsWith('--outputFile=') ? arg.replace(/(\.json)?$/, `${suffix}$1`) : arg));
}

if (!run('npm', ['run', 'build', '--silent'])) process.exit(1);
// The end-to-end global setup builds dist/ unless told this run already did.
const built = { SIARAN_TEST_DIST_BUILT: 'true' };
const together = run(jest, ['--maxWorkers=3', '--selectProjects', 'unit', 'integration', 'e2e', ...args], built);
const alone = run(jest, ['--runInBand', '--selectProjects', 'realtime', ...renamedOutput('-realtime')], built);
process.exit(together && alone ? 0 : 1);
