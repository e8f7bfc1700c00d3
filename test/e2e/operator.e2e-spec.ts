import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/ports';
import { ENTRY, ROOT, startProcess, waitForStatus } from '../support/processes';

const run = promisify(execFile);
const ADMIN_ENTRY = join(ROOT, 'dist/apps/all-in-one/src/admin.js');

/** What an engineer meets at the terminal: readable logs, the banner last, a lost password recovered, a second start refused. */
describe('operator at the terminal', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'siaran-operator-'));
    // Started as root, the embedded PostgreSQL runs as its own user, which must reach DATA_DIR.
    chmodSync(work, 0o755);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses a second npm start on a running DATA_DIR before rebuilding the running instance’s files', async () => {
    const dataDir = join(work, 'running');
    const main = join(ROOT, 'dist/apps/all-in-one/src/main.js');
    const builtAt = statSync(main).mtimeMs;
    // This test process stands for the running instance holding the lock.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'siaran.pid'), `${process.pid}\n`);
    const refused = await run('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`DATA_DIR ${dataDir} is in use by another running instance (pid ${process.pid})`);
    expect(statSync(main).mtimeMs).toBe(builtAt);
  }, 120000);

  it('logs readable lines with the banner and the one-time password last, and resets a lost password', async () => {
    const dataDir = join(work, 'var');
    const [port, pgPort] = await Promise.all([freePort(), freePort()]);
    const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(pgPort), LOG_FORMAT: 'pretty' };
    const first = startProcess(ENTRY.allInOne, env);
    await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 150000, first);
    const output = first.output();
    expect(output).not.toMatch(/^\{"level"/m);
    expect(output).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[all-in-one\] embedded PostgreSQL ready/m);
    const banner = output.lastIndexOf('Press Ctrl-C to stop.');
    expect(banner).toBeGreaterThan(output.lastIndexOf('applied '));
    const password = /Password: {2}(\S+)/.exec(output.slice(banner))?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);

    // While it runs, its data is its own.
    const busy = startProcess(ADMIN_ENTRY, env, ['reset-password', 'admin@siaran.local']);
    expect((await busy.exited(20000)).code).toBe(1);
    expect(busy.output()).toContain('is in use by another running instance');
    first.child.kill('SIGINT');
    expect((await first.exited(15000)).code).toBe(0);

    const unknown = startProcess(ADMIN_ENTRY, env, ['reset-password', 'nobody@siaran.local']);
    expect((await unknown.exited(30000)).code).toBe(1);
    expect(unknown.output()).toContain('No account has the e-mail nobody@siaran.local');
    const reset = startProcess(ADMIN_ENTRY, env, ['reset-password', 'admin@siaran.local']);
    expect((await reset.exited(30000)).code).toBe(0);
    const newPassword = /New password for admin@siaran\.local: (\S+)/.exec(reset.output())?.[1];
    expect(newPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);

    const again = startProcess(ENTRY.allInOne, env);
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 150000, again);
      const login = (password: string) =>
        fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@siaran.local', password }),
        });
      expect((await login(password as string)).status).toBe(401);
      expect((await login(newPassword as string)).status).toBe(200);
      // The data stayed: the demo stations are there.
      const stations = (await (await fetch(`http://127.0.0.1:${port}/api/v1/stations`)).json()) as {
        stations: unknown[];
      };
      expect(stations.stations.length).toBeGreaterThan(0);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited(15000);
    }
  }, 480000);
});
