#!/usr/bin/env node
// Runs every benchmark under bench/ (bench/*.bench.mjs) in sequence on the built code.
// `npm run bench -- startup` runs only the files whose name contains "startup".
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const files = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.mjs') && name.includes(filter))
  .sort();

execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  try {
    execFileSync(process.execPath, [join(root, 'bench', file)], { cwd: root, stdio: 'inherit' });
  } catch {
    failed += 1;
    process.stdout.write(`${file} failed\n`);
  }
}
process.exit(failed ? 1 : 0);
