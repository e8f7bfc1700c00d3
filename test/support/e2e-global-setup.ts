import { execFileSync } from 'node:child_process';
import globalSetup from './global-setup';
import { ROOT } from './processes';

/**
 * The end-to-end tests start dist/ as users do (`npm start` builds it) and serve the built web player.
 * Built here once per run, because test files run in parallel workers and two builds into one dist/
 * would overwrite each other's files under a running test.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  await globalSetup();
}
