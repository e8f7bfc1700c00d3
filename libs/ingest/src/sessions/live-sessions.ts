import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { type LadderPreset, LadderPresets, LiveRecordings } from '@siaran/media';
import { ChannelProfiles, ScheduleReader } from '@siaran/scheduling';
import { StorageKeys } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { LiveEncoder, LiveEncoderError, type LiveEncoderHandle } from '../encoder/live-encoder';
import { type FeedShape } from '../encoder/live-encoder-args';
import { FeedHandler, type FeedSource, type FeedVerdict, type IncomingFeed, type InputForIngest } from '../feed';
import { InputCredentials, type RelaySpec, type SrtListenerSpec } from '../input-credentials';
import { LiveChanges } from './live-changes';
import { LiveSessionStore } from './live-session-store';
import { FeedSources } from './feed-sources';
import { LiveSessionSettings } from './live-session-settings';

/** One feed being encoded on this worker. */
interface Run {
  sessionId: string | null;
  input: InputForIngest;
  channelId: string;
  preset: LadderPreset;
  recordingAssetId: string;
  /** Index of the next segment the encoder stores. */
  nextIndex: number;
  /** The next segment follows an interruption (a reconnect or an encoder restart). */
  interrupted: boolean;
  feedShape: FeedShape;
  encoder: LiveEncoderHandle | null;
  restarts: number;
  stopped: boolean;
  ended: Promise<void>;
}

/**
 * The live session manager of a worker: takes every feed the ingest servers accept, holds the
 * input through a lease, runs one live encoder per feed (restarting it while the studio stays
 * connected), records its segments and tells playout. Also keeps an SRT listener armed for
 * every SRT input and pulls every relay that no other worker holds.
 */
@Injectable()
export class LiveSessions extends FeedHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveSessions.name);
  readonly workerId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly runs = new Map<string, Run>();
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;

  constructor(
    private readonly store: LiveSessionStore,
    private readonly recordings: LiveRecordings,
    private readonly encoder: LiveEncoder,
    private readonly credentials: InputCredentials,
    private readonly channels: ChannelProfiles,
    private readonly schedule: ScheduleReader,
    private readonly presets: LadderPresets,
    private readonly changes: LiveChanges,
    private readonly settings: LiveSessionSettings,
    private readonly sources: FeedSources,
    private readonly clock: Clock,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.timers = [
      setInterval(() => void this.renewLeases(), this.settings.leaseRenewMs),
      setInterval(() => void this.superviseArmed(), this.settings.armEveryMs),
    ];
    void this.superviseArmed();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timers.forEach((timer) => clearInterval(timer));
    await Promise.all([...this.runs.values()].map((run) => this.stop(run, 'worker-stopped')));
  }

  async accept(feed: IncomingFeed): Promise<FeedVerdict> {
    const { input } = feed;
    if (this.runs.has(input.id) || this.stopping)
      return { accepted: false, reason: 'already-publishing', message: `Input ${input.name} is already publishing` };
    if (input.outsideSlots === 'refuse' && !input.airWhenConnected && !(await this.inSlot(input)))
      return {
        accepted: false,
        reason: 'outside-slot',
        message: `Input ${input.name} may publish only during its scheduled slots`,
      };
    const run = await this.begin(input, feed.ended, {
      remoteAddress: feed.remoteAddress,
      streamerName: feed.streamerName,
    });
    if (!run)
      return { accepted: false, reason: 'already-publishing', message: `Input ${input.name} is already publishing` };
    feed.onTitle((title) => {
      if (run.sessionId)
        void this.store
          .setTitle(run.sessionId, title)
          .then(() => this.changes.emit(run.channelId))
          .catch(() => undefined);
    });
    void this.encodeWhileConnected(run, () => feed.source, 'publisher-left').finally(() => feed.close());
    return { accepted: true };
  }

  /** The input has a scheduled slot now, or one starting within the early-connect allowance. */
  private async inSlot(input: InputForIngest): Promise<boolean> {
    const now = this.clock.now();
    const occurrences = await this.schedule.occurrences(
      input.channelId,
      now,
      new Date(now.getTime() + this.settings.earlyConnectMs),
    );
    return occurrences.some((o) => o.source.kind === 'live' && o.source.liveInputId === input.id);
  }

  /**
   * Opens a session for the input (null when another one holds it). A studio reconnecting soon
   * after its last session goes on with the same recording, so the break is one discontinuity
   * in one recording rather than a new one.
   */
  private async begin(
    input: InputForIngest,
    ended: Promise<void>,
    who: { remoteAddress: string | null; streamerName: string | null },
  ): Promise<Run | null> {
    const channel = await this.channels.byId(input.channelId);
    if (!channel) return null;
    const preset = this.presets.get(channel.ladderPreset);
    const previous = await this.store.recentlyEnded(input.id, this.settings.resumeWithinMs);
    const recordingAssetId = previous?.recordingAssetId ?? randomUUID();
    const sessionId = await this.store.open(randomUUID(), {
      inputId: input.id,
      channelId: input.channelId,
      workerId: this.workerId,
      recordingAssetId,
      remoteAddress: who.remoteAddress,
      streamerName: who.streamerName,
      leaseMs: this.settings.leaseMs,
    });
    if (!sessionId) return null;
    if (!previous) await this.createRecording(input, recordingAssetId, preset);
    const run: Run = {
      sessionId,
      input,
      channelId: input.channelId,
      preset,
      recordingAssetId,
      nextIndex: previous ? await this.recordings.nextIndex(recordingAssetId, preset) : 0,
      interrupted: previous !== null,
      feedShape: shapeFor(input, channel.kind),
      encoder: null,
      restarts: 0,
      stopped: false,
      ended,
    };
    this.runs.set(input.id, run);
    this.changes.emit(run.channelId);
    this.logger.log(`live session of ${input.kind} input ${input.name} opened (${who.remoteAddress ?? 'pull'})`);
    return run;
  }

  private async createRecording(input: InputForIngest, assetId: string, preset: LadderPreset): Promise<void> {
    await this.recordings.create({
      id: assetId,
      stationId: input.stationId,
      title: `${input.name} — ${this.clock.now().toISOString()}`,
      preset,
    });
  }

  /**
   * Runs the encoder until the feed ends or the run is stopped; an encoder that dies while the
   * studio is still connected is started again and the next segment marked as a break.
   */
  private async encodeWhileConnected(run: Run, source: () => FeedSource, endReason: string): Promise<void> {
    let feedEnded = false;
    void run.ended.then(() => {
      feedEnded = true;
      run.encoder?.stop();
    });
    let reason = endReason;
    while (!run.stopped && !feedEnded) {
      const failure = await this.encodeOnce(run, source());
      if (run.stopped || feedEnded) break;
      if (failure === 'no-video' && run.feedShape === 'audio-video') {
        run.feedShape = 'audio-only';
        continue;
      }
      if (failure === 'ended') {
        reason = endReason;
        break;
      }
      run.restarts += 1;
      run.interrupted = true;
      this.logger.warn(`live encoder of ${run.input.name} stopped (${failure}); restarting`);
      await this.saveStats(run, failure);
      await sleep(Math.min(this.settings.restartBackoffMaxMs, 500 * 2 ** Math.min(run.restarts, 6)));
    }
    await this.finish(run, run.stopped ? 'stopped' : reason);
  }

  /** One encoder run; resolves with why it ended: 'ended' (the feed ended cleanly), 'no-video', or the failure. */
  private async encodeOnce(run: Run, source: FeedSource): Promise<string> {
    const workDir = await mkdtemp(join(tmpdir(), 'siaran-live-'));
    try {
      const handle = this.encoder.start({
        preset: run.preset,
        source,
        feedShape: run.feedShape,
        firstIndex: run.nextIndex,
        workDir,
        nice: 0,
        segmentKey: (rendition, index) =>
          StorageKeys.assetSegment(run.recordingAssetId, run.preset.name, rendition, index),
        onSegment: (segment) => this.segmentStored(run, segment),
      });
      run.encoder = handle;
      const result = await handle.exited.then(
        () => 'ended',
        (error: Error) =>
          error instanceof LiveEncoderError && error.kind === 'feed-has-no-video' ? 'no-video' : error.message,
      );
      run.encoder = null;
      return result;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async segmentStored(
    run: Run,
    segment: { index: number; durationMs: number; discontinuity: boolean },
  ): Promise<void> {
    if (!run.sessionId) {
      const opened = await this.openArmed(run);
      if (!opened) return;
    }
    const recordedAt = this.clock.now();
    await this.recordings.appendSegment(run.recordingAssetId, run.preset, {
      index: segment.index,
      durationMs: segment.durationMs,
      recordedAt,
      discontinuity: segment.discontinuity || run.interrupted,
    });
    run.interrupted = false;
    run.nextIndex = segment.index + 1;
    await this.store.segmentStored(run.sessionId as string, recordedAt);
    this.changes.emit(run.channelId);
  }

  private async saveStats(run: Run, problem: string | null): Promise<void> {
    if (!run.sessionId) return;
    const stats = run.encoder?.stats();
    await this.store
      .saveStats(run.sessionId, {
        frameRate: stats?.framesPerSecond ?? null,
        inputKbps: stats?.inputKbps ?? null,
        silent: stats?.silent ?? false,
        segmentsDropped: stats?.segmentsDropped ?? 0,
        encoderRestarts: run.restarts,
        problem,
      })
      .catch(() => undefined);
  }

  private async finish(run: Run, reason: string): Promise<void> {
    if (this.runs.get(run.input.id) === run) this.runs.delete(run.input.id);
    if (run.sessionId) {
      await this.saveStats(run, null);
      await this.store.close(run.sessionId, reason).catch(() => undefined);
      await this.recordings.finish(run.recordingAssetId).catch(() => undefined);
      this.changes.emit(run.channelId);
      this.logger.log(`live session of ${run.input.name} ended (${reason})`);
    }
  }

  private async stop(run: Run, reason: string): Promise<void> {
    run.stopped = true;
    run.encoder?.stop();
    if (run.sessionId) await this.store.close(run.sessionId, reason).catch(() => undefined);
  }

  /**
   * Renews every lease this worker holds, and stops a run whose session is gone: ended
   * elsewhere, taken over after a lease ran out, or its input deleted, disabled or re-keyed.
   */
  private async renewLeases(): Promise<void> {
    let valid: Set<string>;
    try {
      valid = await this.store.validSessions(
        [...this.runs.values()].flatMap((run) => (run.sessionId ? [run.sessionId] : [])),
      );
    } catch (error) {
      // The database is away: encoding goes on, and the leases are renewed once it is back.
      this.logger.warn(`renewing live session leases failed: ${(error as Error).message}`);
      return;
    }
    for (const run of this.runs.values()) {
      if (!run.sessionId) continue;
      const held =
        valid.has(run.sessionId) &&
        (await this.store.renew(run.sessionId, this.workerId, this.settings.leaseMs).catch(() => true));
      if (held) {
        await this.saveStats(run, null);
        continue;
      }
      this.logger.warn(`live session of ${run.input.name} is no longer this worker's: stopping it`);
      await this.stop(run, 'input-changed');
    }
  }

  /** Keeps an SRT listener armed for every SRT input and a pull running for every relay no one else holds. */
  private async superviseArmed(): Promise<void> {
    if (this.stopping) return;
    try {
      const [listeners, relays] = await Promise.all([this.credentials.srtListeners(), this.credentials.relays()]);
      for (const listener of listeners) if (!this.runs.has(listener.input.id)) this.armSrt(listener);
      for (const relay of relays) if (!this.runs.has(relay.input.id)) await this.pullRelay(relay);
    } catch (error) {
      this.logger.warn(`arming live inputs failed: ${(error as Error).message}`);
    }
  }

  /**
   * An SRT listener is the encoder itself waiting for its studio: the session opens with its
   * first stored segment, and ends when the studio leaves (ffmpeg's listener then exits).
   */
  private armSrt(listener: SrtListenerSpec): void {
    void this.channels.byId(listener.input.channelId).then((channel) => {
      if (!channel || this.runs.has(listener.input.id) || this.stopping) return;
      const run: Run = {
        sessionId: null,
        input: listener.input,
        channelId: listener.input.channelId,
        preset: this.presets.get(channel.ladderPreset),
        recordingAssetId: randomUUID(),
        nextIndex: 0,
        interrupted: false,
        feedShape: shapeFor(listener.input, channel.kind),
        encoder: null,
        restarts: 0,
        stopped: false,
        ended: new Promise(() => undefined),
      };
      this.runs.set(listener.input.id, run);
      void this.encodeOnce(run, this.sources.srt(listener))
        .then((outcome) => {
          if (outcome === 'no-video' && run.feedShape === 'audio-video') run.feedShape = 'audio-only';
        })
        .finally(() => void this.finish(run, 'publisher-left'));
      this.logger.debug(`SRT listener for ${listener.input.name} armed on port ${listener.port}`);
    });
  }

  /** The first segment of an armed SRT listener: its recording and session begin now. */
  private async openArmed(run: Run): Promise<boolean> {
    run.sessionId = await this.store.open(randomUUID(), {
      inputId: run.input.id,
      channelId: run.channelId,
      workerId: this.workerId,
      recordingAssetId: run.recordingAssetId,
      remoteAddress: null,
      streamerName: null,
      leaseMs: this.settings.leaseMs,
    });
    if (!run.sessionId) {
      run.stopped = true;
      run.encoder?.stop();
      return false;
    }
    await this.createRecording(run.input, run.recordingAssetId, run.preset);
    this.changes.emit(run.channelId);
    return true;
  }

  /** Takes a relay nobody holds and pulls it, reconnecting with backoff while this worker holds it. */
  private async pullRelay(relay: RelaySpec): Promise<void> {
    const source = await this.sources.relay(relay);
    if (!source) return;
    const run = await this.begin(relay.input, new Promise(() => undefined), {
      remoteAddress: null,
      streamerName: null,
    });
    if (!run) return;
    void this.encodeWhileConnected(run, () => source, 'relay-ended');
  }
}

/** Icecast carries sound only; radio airs sound only whatever the feed carries. */
function shapeFor(input: InputForIngest, channelKind: 'tv' | 'radio'): FeedShape {
  return channelKind === 'radio' || input.kind === 'icecast' ? 'audio-only' : 'audio-video';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
