// Run by `npm start` and `npm run admin` before they build: building replaces dist/ under an
// instance running from it, so a second start is refused here, before the build, not after it.
// The running instance holds DATA_DIR/siaran.pid (libs/embedded/src/data-dir-lock.ts).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dataDir = resolve(process.cwd(), process.env.DATA_DIR || './var');
let pid;
try {
  pid = Number.parseInt(readFileSync(join(dataDir, 'siaran.pid'), 'utf8'), 10);
} catch {
  process.exit(0);
}
if (!Number.isInteger(pid) || pid === process.pid) process.exit(0);
try {
  process.kill(pid, 0);
} catch (error) {
  if (error.code === 'ESRCH') process.exit(0);
}
process.stderr.write(
  `\nsiaran: cannot start: DATA_DIR ${dataDir} is in use by another running instance (pid ${pid}). Stop it first, or set DATA_DIR to another directory.\n\n`,
);
process.exit(1);
