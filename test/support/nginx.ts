import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { ROOT } from './processes';
import { waitFor } from './wait';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface RunningNginx {
  url: string;
  close(): Promise<void>;
}

/**
 * Debian's nginx in the foreground with `docker/<template>` rendered as the nginx image renders
 * it (`${NAME}` from `values`) and included in its http block; pid, logs, temp files and caches
 * in a directory of its own, listening on a free port of 127.0.0.1.
 */
export async function startNginx(
  template: string,
  values: (dir: string, listen: string) => Record<string, string>,
): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'siaran-nginx-'));
  // Workers run as nobody when nginx starts as root: they write the caches and temp files.
  chmodSync(dir, 0o777);
  for (const sub of ['cache', 'temp']) mkdirSync(join(dir, sub), { mode: 0o777 });
  const port = await freePort();
  const substitutions = values(dir, `127.0.0.1:${port}`);
  const rendered = readFileSync(join(ROOT, 'docker', template), 'utf8').replace(
    /\$\{([A-Z_]+)\}/g,
    (whole, name: string) => substitutions[name] ?? whole,
  );
  writeFileSync(join(dir, 'site.conf'), rendered);
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'temp', name)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      `  include ${join(dir, 'site.conf')};`,
      '}',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'nginx listening',
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      return fetch(`${url}/health/live`).then(
        () => true,
        () => undefined,
      );
    },
    10_000,
  );
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
