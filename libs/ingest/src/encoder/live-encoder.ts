import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { FfmpegError, FfmpegRunner } from '@siaran/ffmpeg';
import { type LadderPreset, MEDIA_PLAYLIST_NAME } from '@siaran/media';
import { ObjectStorage, segmentFileName } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { type FeedSource } from '../feed';
import { type FeedShape, liveEncoderArgs } from './live-encoder-args';

const SEGMENT_CONTENT_TYPE = 'video/mp2t';
const PLAYLIST_POLL_MS = 200;
const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 2000;
/** A segment not stored within this many segment durations of being written is dropped. */
const STORE_DEADLINE_SEGMENTS = 2;

/** The encoder's settings, wired to the configuration by the module that provides them. */
@Injectable()
export class LiveEncoderSettings {
  silenceSeconds = 30;
  readTimeoutSeconds = 10;
  cpus = availableParallelism();
}

export interface LiveSegment {
  index: number;
  durationMs: number;
  /** Segments before this one were lost (dropped while storage was down). */
  discontinuity: boolean;
}

export interface LiveEncoderStart {
  preset: LadderPreset;
  source: FeedSource;
  feedShape: FeedShape;
  /** A picture looped under an audio-only feed on a TV preset (the station logo); black without it. */
  stillPath?: string;
  firstIndex: number;
  /** A scratch directory of this encoder: segments wait here until stored. */
  workDir: string;
  segmentKey(rendition: string, index: number): string;
  /** Called in index order, once every rendition of the segment is stored. */
  onSegment(segment: LiveSegment): Promise<void>;
  nice: number;
}

export interface LiveEncoderStats {
  framesPerSecond: number | null;
  /** Only for a feed piped to the encoder (FeedSource.stdin). */
  inputKbps: number | null;
  silent: boolean;
  segmentsDropped: number;
  lastSegmentAt: Date | null;
}

/**
 * How an encoder failed. `feed-has-no-video`: a TV preset was started with feedShape
 * `audio-video` on a feed without video; start it again with `audio-only`.
 */
export type LiveEncoderFailureKind = 'feed-has-no-video' | 'feed-has-no-audio' | 'failed';

export class LiveEncoderError extends Error {
  constructor(
    readonly kind: LiveEncoderFailureKind,
    message: string,
    readonly stderrTail: string[],
  ) {
    super(message);
    this.name = 'LiveEncoderError';
  }
}

export interface LiveEncoderHandle {
  /** Resolves when the feed ended or the encoder was stopped, with every stored segment reported; rejects with a LiveEncoderError. */
  readonly exited: Promise<void>;
  stop(): void;
  stats(): LiveEncoderStats;
}

/** The segments a media playlist lists, by index: `seg-00012.ts` after `#EXTINF:2.000000,`. */
export function listedSegments(playlist: string): Map<number, number> {
  const listed = new Map<number, number>();
  let duration: number | undefined;
  for (const line of playlist.split('\n')) {
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) duration = Number(extinf[1]);
    const uri = /^seg-(\d+)\.ts\s*$/.exec(line);
    if (uri && duration !== undefined) {
      listed.set(Number(uri[1]), Math.round(duration * 1000));
      duration = undefined;
    }
  }
  return listed;
}

export function failureKindOf(stderrTail: string[]): LiveEncoderFailureKind {
  const text = stderrTail.join('\n');
  if (/Stream specifier ':v:0' .* matches no streams/.test(text)) return 'feed-has-no-video';
  if (/Stream specifier ':a:0' .* matches no streams/.test(text)) return 'feed-has-no-audio';
  return 'failed';
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One ffmpeg per live feed, writing the channel's ladder into a scratch directory. Each
 * segment, once listed in every rendition's playlist (complete: written under a temporary
 * name), is stored in every rendition, then reported, in index order, then removed locally.
 * Storage down: retried with backoff; a segment not stored in time is dropped, counted, and
 * the next reported one is marked as a discontinuity.
 */
@Injectable()
export class LiveEncoder {
  constructor(
    private readonly runner: FfmpegRunner,
    private readonly storage: ObjectStorage,
    private readonly settings: LiveEncoderSettings,
    private readonly clock: Clock,
  ) {}

  start(request: LiveEncoderStart): LiveEncoderHandle {
    const { preset, source, workDir } = request;
    const renditions = preset.renditions.map((r) => r.name);
    const segmentMs = preset.segmentSeconds * 1000;
    const stats: LiveEncoderStats = {
      framesPerSecond: null,
      inputKbps: null,
      silent: false,
      segmentsDropped: 0,
      lastSegmentAt: null,
    };
    let stopped = false;
    let ffmpegDone = false;
    let nextIndex = request.firstIndex;
    let discontinuity = false;
    const seen = new Map<number, { durationMs: number; renditions: number; firstSeenAt: number }>();
    const listedBy = renditions.map(() => new Set<number>());

    let inputBytes = 0;
    let inputSince = process.hrtime.bigint();
    const countInput = (chunk: Buffer) => {
      inputBytes += chunk.length;
      const seconds = Number(process.hrtime.bigint() - inputSince) / 1e9;
      if (seconds >= 2) {
        stats.inputKbps = Math.round((inputBytes * 8) / 1000 / seconds);
        inputBytes = 0;
        inputSince = process.hrtime.bigint();
      }
    };
    source.stdin?.on('data', countInput);

    let lastFrames: { frames: number; at: bigint } | undefined;
    const ffmpeg = this.runner.start(
      liveEncoderArgs(preset, {
        inputArgs: source.inputArgs,
        feedShape: request.feedShape,
        stillPath: request.stillPath,
        outputDir: workDir,
        firstIndex: request.firstIndex,
        cpus: this.settings.cpus,
        silenceSeconds: this.settings.silenceSeconds,
        readTimeoutSeconds: this.settings.readTimeoutSeconds,
      }),
      {
        nice: request.nice,
        stdin: source.stdin,
        onProgress: (report) => {
          if (report.frames === undefined) return;
          const at = process.hrtime.bigint();
          if (lastFrames && at > lastFrames.at && report.frames >= lastFrames.frames)
            stats.framesPerSecond =
              Math.round(((report.frames - lastFrames.frames) * 1e10) / Number(at - lastFrames.at)) / 10;
          lastFrames = { frames: report.frames, at };
        },
        onStderrLine: (line) => {
          if (line.includes('silence_start:')) stats.silent = true;
          else if (line.includes('silence_end:')) stats.silent = false;
        },
      },
    );

    const scan = async () => {
      await Promise.all(
        renditions.map(async (name, r) => {
          let text: string;
          try {
            text = await readFile(join(workDir, name, MEDIA_PLAYLIST_NAME), 'utf8');
          } catch {
            return;
          }
          for (const [index, durationMs] of listedSegments(text)) {
            if (index < nextIndex || listedBy[r].has(index)) continue;
            listedBy[r].add(index);
            const entry = seen.get(index) ?? { durationMs, renditions: 0, firstSeenAt: performance.now() };
            entry.renditions += 1;
            seen.set(index, entry);
          }
        }),
      );
    };

    const removeLocal = (index: number) =>
      Promise.all(renditions.map((name) => rm(join(workDir, name, segmentFileName(index)), { force: true })));

    const store = async (index: number, deadline: number): Promise<boolean> => {
      const pending = new Set(renditions);
      let wait = RETRY_FIRST_MS;
      while (!stopped) {
        await Promise.all(
          [...pending].map(async (name) => {
            const put = this.storage.putFile(
              request.segmentKey(name, index),
              join(workDir, name, segmentFileName(index)),
              SEGMENT_CONTENT_TYPE,
            );
            let timer: NodeJS.Timeout | undefined;
            const late = new Promise<boolean>((resolve) => {
              timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
            });
            put.catch(() => undefined);
            const stored = await Promise.race([put.then(() => true), late]).catch(() => false);
            clearTimeout(timer);
            if (stored) pending.delete(name);
          }),
        );
        if (pending.size === 0) return true;
        if (performance.now() + wait > deadline) return false;
        await delay(wait);
        wait = Math.min(RETRY_MAX_MS, wait * 2);
      }
      return false;
    };

    const deliverReady = async () => {
      for (;;) {
        const entry = seen.get(nextIndex);
        if (stopped || !entry || entry.renditions < renditions.length) return;
        const index = nextIndex;
        const stored = await store(index, entry.firstSeenAt + STORE_DEADLINE_SEGMENTS * segmentMs);
        if (stopped) return;
        let reported = false;
        if (stored) {
          try {
            await request.onSegment({ index, durationMs: entry.durationMs, discontinuity });
            reported = true;
            stats.lastSegmentAt = this.clock.now();
          } catch {
            reported = false;
          }
        }
        if (reported) discontinuity = false;
        else {
          stats.segmentsDropped += 1;
          discontinuity = true;
        }
        await removeLocal(index);
        seen.delete(index);
        listedBy.forEach((set) => set.delete(index));
        nextIndex = index + 1;
      }
    };

    const loop = (async () => {
      while (!stopped) {
        await scan();
        await deliverReady();
        if (ffmpegDone) {
          await scan();
          await deliverReady();
          return;
        }
        await delay(PLAYLIST_POLL_MS);
      }
    })();

    const exited = (async () => {
      let failure: LiveEncoderError | undefined;
      try {
        await ffmpeg.exited;
      } catch (error) {
        const stopping = stopped && error instanceof FfmpegError && error.kind === 'cancelled';
        if (!stopping) {
          const tail = error instanceof FfmpegError ? error.stderrTail : [];
          failure = new LiveEncoderError(failureKindOf(tail), (error as Error).message, tail);
        }
      } finally {
        ffmpegDone = true;
        source.stdin?.off('data', countInput);
        // Unpiped and unread: the feed waits, buffered, for the next encoder.
        source.stdin?.pause();
      }
      await loop;
      await Promise.all(renditions.map((name) => rm(join(workDir, name), { recursive: true, force: true })));
      if (failure) throw failure;
    })();

    return {
      exited,
      stop: () => {
        stopped = true;
        ffmpeg.stop();
      },
      stats: () => ({ ...stats }),
    };
  }
}
