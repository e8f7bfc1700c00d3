import { Injectable, Logger } from '@nestjs/common';
import { type AuditActor, AuditLog } from '@siaran/audit';
import { DomainError } from '@siaran/core';
import { Clock } from '@siaran/time';
import { NowPlayingTracker } from './now-playing-tracker';
import { NowPlayingService } from './now-playing.service';
import { PlayoutChannel, PlayoutChannels } from './playout-channels';
import type { LiveTakeover } from './timeline';
import { PlayoutEngine } from './playout-engine';
import { AiredItem, PlayoutStore, type SongPlays } from './playout-store';

export class NothingOnAirError extends DomainError {
  constructor(slug: string) {
    super('conflict', 'NOTHING_ON_AIR', `Nothing is airing on ${slug}: there is nothing to skip`);
  }
}

export class NoTakeoverError extends DomainError {
  constructor(slug: string) {
    super('not-found', 'NO_TAKEOVER', `No live input has taken over ${slug}`);
  }
}

export class TakeoverEndsInPastError extends DomainError {
  constructor() {
    super('invalid', 'TAKEOVER_UNTIL_PAST', 'until must be in the future');
  }
}

/** What engineers do to a running channel, and the proof of what aired. */
@Injectable()
export class PlayoutOperations {
  private readonly logger = new Logger(PlayoutOperations.name);

  constructor(
    private readonly store: PlayoutStore,
    private readonly engine: PlayoutEngine,
    private readonly tracker: NowPlayingTracker,
    private readonly nowPlaying: NowPlayingService,
    private readonly channels: PlayoutChannels,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Puts a live input of the channel on air over the schedule, from the next segment boundary
   * until `until` (or until ended). While its feed is not in, filler stands in for it.
   */
  async takeOver(
    channel: PlayoutChannel,
    inputId: string,
    until: Date | null,
    actor: AuditActor,
  ): Promise<LiveTakeover> {
    const now = this.clock.now();
    if (until && until <= now) throw new TakeoverEndsInPastError();
    const takeover: LiveTakeover = { inputId, from: now.getTime(), until: until?.getTime() ?? null };
    await this.saveTakeover(channel, takeover, actor);
    await this.replanNow({ ...channel, takeover }, now);
    this.logger.log(`live input ${inputId} took over ${channel.slug}`);
    return takeover;
  }

  /** Ends a takeover: the schedule airs again from the next segment boundary. */
  async endTakeover(channel: PlayoutChannel, actor: AuditActor): Promise<LiveTakeover> {
    const now = this.clock.now();
    const ended = channel.takeover;
    if (!ended || (ended.until !== null && ended.until <= now.getTime())) throw new NoTakeoverError(channel.slug);
    await this.saveTakeover(channel, null, actor);
    await this.replanNow({ ...channel, takeover: null }, now);
    this.logger.log(`takeover of ${channel.slug} by live input ${ended.inputId} ended`);
    return ended;
  }

  /** The takeover and its audit entry are written together. */
  private async saveTakeover(channel: PlayoutChannel, takeover: LiveTakeover | null, actor: AuditActor): Promise<void> {
    const asAudited = (t: LiveTakeover | null) =>
      t && {
        inputId: t.inputId,
        from: new Date(t.from).toISOString(),
        until: t.until === null ? null : new Date(t.until).toISOString(),
      };
    await this.store.transaction(async (manager) => {
      await this.channels.setTakeover(manager, channel.id, takeover);
      await this.audit.record(manager, {
        actor,
        action: 'update',
        entityType: 'channel',
        entityId: channel.id,
        stationId: channel.stationId,
        oldValue: { takeover: asAudited(channel.takeover) },
        newValue: { takeover: asAudited(takeover) },
      });
    });
  }

  private async replanNow(channel: PlayoutChannel, now: Date): Promise<void> {
    await this.engine.extend(channel, now.getTime());
    this.nowPlaying.forget(channel.id);
    this.tracker.invalidate(channel.id);
  }

  /**
   * Ends the item on air after the segment playing now (players already hold it) and goes on
   * with what is scheduled next, or filler. A skipped programme does not come back.
   */
  async skip(channel: PlayoutChannel): Promise<{ skipped: AiredItem; resumesAt: Date }> {
    const now = this.clock.now();
    const skipped = await this.store.transaction((manager) => this.store.skipAt(manager, channel.id, now));
    if (!skipped) throw new NothingOnAirError(channel.slug);
    await this.engine.extend(channel, now.getTime());
    this.nowPlaying.forget(channel.id);
    this.tracker.invalidate(channel.id);
    const resumesAt = (await this.store.nextItemStart(channel.id, new Date(now.getTime() - 1))) ?? now.getTime();
    this.logger.log(`skipped "${skipped.title}" on ${channel.slug}`);
    return { skipped, resumesAt: new Date(resumesAt) };
  }

  /** Items that aired (started by now) and overlap [from, to). */
  /** The songs that aired in [from, to), as the monthly music-royalty report lists them. */
  songPlays(channel: PlayoutChannel, from: Date, to: Date): Promise<SongPlays[]> {
    return this.store.songPlays(channel.id, from, to, this.clock.now());
  }

  async asRun(channel: PlayoutChannel, from: Date, to: Date): Promise<AiredItem[]> {
    const now = this.clock.now();
    const items = await this.store.itemsBetween(channel.id, from, to);
    return items
      .filter((item) => item.startedAt <= now)
      .map((item) => (item.endedAt > now ? { ...item, endedAt: now } : item));
  }
}
