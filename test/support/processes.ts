import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const ENTRY = {
  allInOne: join(ROOT, 'dist/apps/all-in-one/src/main.js'),
  api: join(ROOT, 'dist/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/src/main.js'),
};

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startProcess(entry: string, env: Record<string, string>, args: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited: (timeoutMs) =>
      Promise.race([
        exit,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`process did not exit within ${timeoutMs} ms:\n${output}`)),
            timeoutMs,
          ).unref(),
        ),
      ]),
  };
}

export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
  running?: RunningProcess,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === status) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (running && running.child.exitCode !== null) throw new Error(`process exited early:\n${running.output()}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `${url} did not answer ${status} within ${timeoutMs} ms${running ? `:\n${running.output()}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** PIDs of processes whose command line mentions `needle` (PostgreSQL started on a data dir, ffmpeg, …). */
export function processesMentioning(needle: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(needle) && !line.includes('ps -eo'))
    .map((line) => Number.parseInt(line.trim(), 10));
}
