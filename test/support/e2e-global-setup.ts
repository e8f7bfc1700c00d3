import { execFileSync } from 'node:child_process';
import globalSetup from './global-setup';
import { ROOT } from './processes';

/**
 * The end-to-end tests start dist/ as users do (`npm start` builds it) and serve the built web player.
 * Built here once per run, because test files run in parallel workers and two builds into one dist/
 * would overwrite each other's files under a running test. `npm test` builds once before its two
 * passes and says so in SIARAN_TEST_DIST_BUILT.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  if (process.env.SIARAN_TEST_DIST_BUILT !== 'true')
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  await globalSetup();
}
