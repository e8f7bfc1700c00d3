import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { FfmpegError, FfmpegFailureKind } from './ffmpeg-error';
import { FfmpegInstallation } from './ffmpeg-installation';
import { FfmpegProgressReport, ProgressParser } from './ffmpeg-progress';
import { launchCommand } from './launch-command';
import { LineSplitter } from './line-splitter';
import { LineTail } from './line-tail';

const STDERR_TAIL_LINES = 30;
const SETPRIV = '/usr/bin/setpriv';

export interface FfmpegStartOptions {
  /** CPU niceness (0–19): transcodes yield to live encoders. */
  nice: number;
  /** ffmpeg reporting no progress for this long is taken as hung and killed. */
  stallTimeoutMs?: number;
  /** The process may run this long; then it is killed. Without it, it runs until it ends or is stopped. */
  timeoutMs?: number;
  /** Aborting kills ffmpeg at once (kind `cancelled`). */
  signal?: AbortSignal;
  onProgress?: (report: FfmpegProgressReport) => void;
  /** Every whole line ffmpeg writes on stderr, as it comes (log lines of filters such as silencedetect). */
  onStderrLine?: (line: string) => void;
  /**
   * Piped to ffmpeg's stdin (a feed read as `-i pipe:0`). When ffmpeg ends, the stream is
   * unpiped, not ended or destroyed, so that the next ffmpeg can take it over.
   */
  stdin?: Readable;
  cwd?: string;
}

/** A job must end: its time limit and stall watchdog are not optional. */
export interface FfmpegRunOptions extends FfmpegStartOptions {
  /** The whole run may take this long; then ffmpeg is killed. */
  timeoutMs: number;
  stallTimeoutMs: number;
}

/** An ffmpeg that was started, running or not. */
export interface FfmpegProcess {
  /** Undefined when it could not be spawned (`exited` then rejects with the reason). */
  readonly pid: number | undefined;
  /** Resolves when ffmpeg exits with code 0; rejects with an FfmpegError when it fails or is killed. */
  readonly exited: Promise<void>;
  /** The last lines ffmpeg wrote on stderr so far. */
  stderrTail(): string[];
  /** Kills ffmpeg at once; `exited` rejects with the kind `cancelled`. */
  stop(): void;
}

/** Runs ffmpeg and ffprobe: progress, a stall watchdog, a timeout, cancellation, and the last lines of stderr. */
@Injectable()
export class FfmpegRunner {
  private readonly setpriv = existsSync(SETPRIV) ? SETPRIV : undefined;

  constructor(private readonly installation: FfmpegInstallation) {}

  /** A job: resolves when ffmpeg has finished its work, throws an FfmpegError when it did not. */
  async run(args: string[], options: FfmpegRunOptions): Promise<{ stderrTail: string[] }> {
    const ffmpeg = this.start(args, options);
    await ffmpeg.exited;
    return { stderrTail: ffmpeg.stderrTail() };
  }

  /** Starts ffmpeg and returns at once; it runs until it ends, fails, is killed by a limit of `options`, or is stopped. */
  start(args: string[], options: FfmpegStartOptions): FfmpegProcess {
    const [command, ...commandArgs] = launchCommand(this.installation.current.ffmpeg.path, args, {
      nice: options.nice,
      setpriv: this.setpriv,
    });
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const feed = options.stdin;
    if (feed && child.stdin) {
      // ffmpeg exiting while the feed still writes is EPIPE on its stdin: expected, and never fatal to us.
      child.stdin.on('error', () => undefined);
      // A feed that already ended (during the previous ffmpeg) would never end this one's input.
      if (feed.readableEnded) child.stdin.end();
      else feed.pipe(child.stdin);
    }
    const stderr = new LineTail(STDERR_TAIL_LINES);
    const stderrLines = new LineSplitter();
    const parser = new ProgressParser();
    let failure: { kind: FfmpegFailureKind; message: string } | undefined;
    const kill = (kind: FfmpegFailureKind, message: string) => {
      failure ??= { kind, message };
      child.kill('SIGKILL');
    };
    const { stallTimeoutMs, timeoutMs } = options;
    const stallTimer =
      stallTimeoutMs === undefined
        ? undefined
        : setTimeout(() => kill('stalled', `ffmpeg made no progress for ${stallTimeoutMs} ms`), stallTimeoutMs);
    const timeoutTimer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => kill('timeout', `ffmpeg ran longer than the limit of ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => kill('cancelled', 'the transcode was cancelled');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    let lastOutTime = -1;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const report of parser.push(chunk)) {
        if (report.outTimeSeconds !== undefined && report.outTimeSeconds > lastOutTime) {
          lastOutTime = report.outTimeSeconds;
          stallTimer?.refresh();
        }
        options.onProgress?.(report);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(chunk);
      if (options.onStderrLine) for (const line of stderrLines.push(chunk)) options.onStderrLine(line);
    });
    const exited = (async () => {
      try {
        const { code, signal } = await exitOf(child);
        if (failure) throw new FfmpegError(failure.kind, failure.message, stderr.lines(), code);
        if (code !== 0) {
          const last = stderr.lines().at(-1);
          throw new FfmpegError(
            killedBySignal(signal, stderr.lines()) ? 'killed' : 'failed',
            `ffmpeg exited with ${code === null ? `signal ${signal}` : `code ${code}`}${last ? `: ${last}` : ''}`,
            stderr.lines(),
            code,
          );
        }
      } finally {
        if (feed && child.stdin) feed.unpipe(child.stdin);
        if (options.onStderrLine) for (const line of stderrLines.end()) options.onStderrLine(line);
        clearTimeout(stallTimer);
        clearTimeout(timeoutTimer);
        options.signal?.removeEventListener('abort', onAbort);
      }
    })();
    return {
      pid: child.pid,
      exited,
      stderrTail: () => stderr.lines(),
      stop: () => kill('cancelled', 'ffmpeg was stopped'),
    };
  }

  /** ffprobe with a time limit; resolves with its JSON output whatever the exit code (errors are in the JSON). */
  async probe(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
    const child = spawn(this.installation.current.ffprobe.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    try {
      await exitOf(child);
    } finally {
      clearTimeout(timer);
    }
    if (timedOut) throw new Error(`ffprobe did not finish within ${timeoutMs} ms`);
    return { stdout, stderr };
  }
}

/**
 * SIGKILL ends ffmpeg at once (no exit code); SIGTERM, SIGINT and SIGQUIT it catches, then
 * exits with 255 after saying "received signal N" (or "received signal N, terminating").
 */
function killedBySignal(signal: NodeJS.Signals | null, stderrTail: string[]): boolean {
  return signal !== null || stderrTail.some((line) => /received signal \d+/.test(line));
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
}
