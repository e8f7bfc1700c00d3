import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser, StationAccess } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { MediaForSchedule } from '@siaran/media';
import { Clock } from '@siaran/time';
import { actorOf } from '../catalog/catalog-views';
import { ProgrammeEntity } from '../catalog/entities';
import { InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { TimeZone } from '../time/time-zone';
import { DAY_MS, formatWallTime, parseWallTime } from '../time/wall-time';
import { findConflicts } from './conflicts';
import { seriesFor, timingOf } from './entry-timing';
import { PlannedEntry } from './planned-entry';
import { ScheduleChanges } from '../schedule-changes';
import { LockedChannel, ScheduleStore, StoredEntry } from './schedule-store';
import { EntryView, NO_SOURCE, OccurrenceSource, OverridePayload } from './schedule-types';
import { LiveInputRegistry } from './live-input-registry';
import { PlaylistRegistry } from './playlist-registry';

/** How far an occurrence may be moved on its own; further is another airing. */
const MAX_MOVE_MS = 7 * DAY_MS;

export interface EntryInput {
  channelId: string;
  programmeId: string;
  /** Wall-clock time in the channel's zone: 2026-12-01T19:00:00. */
  start: string;
  durationSeconds?: number;
  end?: string;
  /** RFC 5545 RRULE; null or absent for a single airing. */
  recurrence?: string | null;
  source?: OccurrenceSource;
}

export type EntryChanges = Partial<Omit<EntryInput, 'channelId'>>;

/** A change to one occurrence of a series: cancel it, or move, shorten or re-programme it. */
export interface OccurrenceChange {
  cancelled?: boolean;
  start?: string;
  durationSeconds?: number;
  end?: string;
  programmeId?: string | null;
  source?: OccurrenceSource | null;
}

/**
 * Writes to the schedule. Every write locks its channel's row first, then checks the
 * channel's whole schedule for overlaps, then writes, audits and raises the channel's
 * schedule version, in one transaction: concurrent writers to one channel take turns, so
 * two overlapping entries can never both get in.
 */
@Injectable()
export class ScheduleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ScheduleStore,
    private readonly access: StationAccess,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly changes: ScheduleChanges,
    private readonly media: MediaForSchedule,
    private readonly liveInputs: LiveInputRegistry,
    private readonly playlists: PlaylistRegistry,
  ) {}

  async get(id: string): Promise<EntryView> {
    const entry = await this.store.entry(this.dataSource.manager, id);
    if (!entry) throw entryNotFound(id);
    return entry;
  }

  async listOfChannel(channelId: string): Promise<EntryView[]> {
    if (!(await this.dataSource.query('SELECT 1 FROM channels WHERE id = $1', [channelId])).length)
      throw channelNotFound(channelId);
    return this.store.entriesOfChannel(this.dataSource.manager, channelId);
  }

  async create(user: AuthUser, input: EntryInput): Promise<EntryView> {
    return this.write(async (manager) => {
      const channel = await this.lockChannel(manager, input.channelId, user);
      await this.assertProgramme(manager, input.programmeId, channel);
      await this.prepareSource(manager, input.source, channel);
      const zone = TimeZone.of(channel.timezone);
      const { startWall, durationSeconds } = timingOf(input, zone);
      const series = seriesFor(startWall, input.recurrence ?? null, zone);
      const planned = new PlannedEntry<OverridePayload>(randomUUID(), series, durationSeconds * 1000);
      await this.assertNoConflicts(manager, channel, planned, zone);
      const stored = storedEntryOf(planned, zone, {
        channelId: channel.id,
        programmeId: input.programmeId,
        source: input.source ?? NO_SOURCE,
        at: this.clock.now(),
      });
      await this.store.insertEntry(manager, stored);
      return this.finish(manager, user, channel, 'create', undefined, planned.id);
    });
  }

  async update(user: AuthUser, id: string, changes: EntryChanges): Promise<EntryView> {
    return this.write(async (manager) => {
      const { channel, entry } = await this.lockEntry(manager, id, user);
      const programmeId = changes.programmeId ?? entry.programmeId;
      if (changes.programmeId !== undefined) await this.assertProgramme(manager, programmeId, channel);
      await this.prepareSource(manager, changes.source, channel);
      const zone = TimeZone.of(channel.timezone);
      const timing = timingOf(
        {
          start: changes.start ?? entry.start,
          ...(changes.end !== undefined ? { end: changes.end } : {}),
          ...(changes.durationSeconds !== undefined || changes.end === undefined
            ? { durationSeconds: changes.durationSeconds ?? entry.durationSeconds }
            : {}),
        },
        zone,
      );
      const series = seriesFor(
        timing.startWall,
        changes.recurrence === undefined ? entry.recurrence : changes.recurrence,
        zone,
      );
      // Exceptions of occurrences the series no longer has go with them.
      const current = this.store.planned(entry);
      const kept = current.exceptions.filter((x) => series.isRecurring && series.hasStartAt(x.originalStartWall));
      const dropped = entry.exceptions.filter(
        (x) => !kept.some((k) => formatWallTime(k.originalStartWall) === x.originalStart),
      );
      const planned = new PlannedEntry<OverridePayload>(id, series, timing.durationSeconds * 1000, kept);
      await this.assertNoConflicts(manager, channel, planned, zone);
      await this.store.deleteExceptions(
        manager,
        dropped.map((x) => x.id),
      );
      await this.store.updateEntry(
        manager,
        storedEntryOf(planned, zone, {
          channelId: channel.id,
          programmeId,
          source: changes.source ?? entry.source,
          at: this.clock.now(),
        }),
      );
      return this.finish(manager, user, channel, 'update', entry, id);
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.write(async (manager) => {
      const { channel, entry } = await this.lockEntry(manager, id, user);
      await this.store.deleteEntry(manager, id);
      await this.store.bumpVersion(manager, channel.id);
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'delete',
        entityType: 'schedule_entry',
        entityId: id,
        stationId: channel.stationId,
        oldValue: snapshot(entry),
      });
    });
  }

  /** Cancels or changes one occurrence of a series (`originalStart` names it); the series stays as it is. */
  async changeOccurrence(
    user: AuthUser,
    entryId: string,
    originalStart: string,
    change: OccurrenceChange,
  ): Promise<EntryView> {
    return this.write(async (manager) => {
      const { channel, entry } = await this.lockEntry(manager, entryId, user);
      const zone = TimeZone.of(channel.timezone);
      const current = this.store.planned(entry);
      const originalWall = this.occurrenceOf(current, originalStart);
      const previous = entry.exceptions.find((x) => x.originalStart === formatWallTime(originalWall));
      let override: { startWall: number; durationMs: number; payload: OverridePayload } | null = null;
      if (change.cancelled) {
        if (Object.keys(change).some((key) => key !== 'cancelled')) {
          throw new InvalidScheduleInput(
            ScheduleErrorCode.InvalidOccurrenceChange,
            'A cancelled occurrence takes no other changes',
          );
        }
      } else {
        if (change.programmeId) await this.assertProgramme(manager, change.programmeId, channel);
        await this.prepareSource(manager, change.source, channel);
        const timing = timingOf(
          {
            start: change.start ?? formatWallTime(originalWall),
            ...(change.end !== undefined ? { end: change.end } : {}),
            ...(change.durationSeconds !== undefined || change.end === undefined
              ? { durationSeconds: change.durationSeconds ?? entry.durationSeconds }
              : {}),
          },
          zone,
        );
        if (Math.abs(timing.startWall - originalWall) > MAX_MOVE_MS) {
          throw new InvalidScheduleInput(
            ScheduleErrorCode.OccurrenceMovedTooFar,
            'An occurrence moves at most 7 days; cancel it and schedule a single airing instead',
          );
        }
        override = {
          startWall: timing.startWall,
          durationMs: timing.durationSeconds * 1000,
          payload: { programmeId: change.programmeId ?? null, source: change.source ?? null },
        };
      }
      const exceptions = [
        ...current.exceptions.filter((x) => x.originalStartWall !== originalWall),
        { originalStartWall: originalWall, override },
      ];
      const planned = new PlannedEntry<OverridePayload>(entryId, current.series, current.durationMs, exceptions);
      await this.assertNoConflicts(manager, channel, planned, zone);
      await this.store.upsertException(manager, {
        id: previous?.id ?? randomUUID(),
        entryId,
        originalStart: formatWallTime(originalWall),
        cancelled: override === null,
        start: override ? formatWallTime(override.startWall) : null,
        durationSeconds: override ? override.durationMs / 1000 : null,
        programmeId: override?.payload.programmeId ?? null,
        source: override?.payload.source ?? null,
        at: this.clock.now(),
      });
      await this.updateSpan(manager, planned, zone);
      return this.finish(manager, user, channel, 'update', entry, entryId);
    });
  }

  /** Undoes the cancellation or change of one occurrence. */
  async restoreOccurrence(user: AuthUser, entryId: string, originalStart: string): Promise<EntryView> {
    return this.write(async (manager) => {
      const { channel, entry } = await this.lockEntry(manager, entryId, user);
      const zone = TimeZone.of(channel.timezone);
      const current = this.store.planned(entry);
      const originalWall = this.occurrenceOf(current, originalStart);
      const exception = entry.exceptions.find((x) => x.originalStart === formatWallTime(originalWall));
      if (!exception)
        throw new DomainError(
          'not-found',
          ScheduleErrorCode.OccurrenceNotFound,
          `The occurrence ${formatWallTime(originalWall)} is neither cancelled nor changed`,
        );
      const planned = new PlannedEntry<OverridePayload>(
        entryId,
        current.series,
        current.durationMs,
        current.exceptions.filter((x) => x.originalStartWall !== originalWall),
      );
      await this.assertNoConflicts(manager, channel, planned, zone);
      await this.store.deleteExceptions(manager, [exception.id]);
      await this.updateSpan(manager, planned, zone);
      return this.finish(manager, user, channel, 'update', entry, entryId);
    });
  }

  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.changes.after(this.dataSource.transaction(work));
  }

  private occurrenceOf(entry: PlannedEntry<OverridePayload>, originalStart: string): number {
    // Not wallTimeIn: an occurrence whose wall time the clocks skip is still named by it.
    const wall = parseWallTime(originalStart);
    if (wall === undefined)
      throw new InvalidScheduleInput(
        ScheduleErrorCode.InvalidLocalTime,
        `originalStart ${JSON.stringify(originalStart)} is not a local date-time such as 2026-12-01T19:00:00`,
      );
    if (!entry.series.isRecurring)
      throw new InvalidScheduleInput(
        ScheduleErrorCode.NotRecurring,
        'Only occurrences of a recurring entry can be cancelled or changed one by one; change the entry itself',
      );
    if (!entry.series.hasStartAt(wall))
      throw new DomainError(
        'not-found',
        ScheduleErrorCode.OccurrenceNotFound,
        `The series has no occurrence starting ${formatWallTime(wall)}`,
      );
    return wall;
  }

  private async updateSpan(
    manager: EntityManager,
    planned: PlannedEntry<OverridePayload>,
    zone: TimeZone,
  ): Promise<void> {
    const span = planned.span(zone);
    await this.store.updateSpan(
      manager,
      planned.id,
      new Date(span.start),
      span.end === null ? null : new Date(span.end),
    );
  }

  private async finish(
    manager: EntityManager,
    user: AuthUser,
    channel: LockedChannel,
    action: 'create' | 'update',
    before: EntryView | undefined,
    id: string,
  ): Promise<EntryView> {
    const after = (await this.store.entry(manager, id)) as EntryView;
    await this.store.bumpVersion(manager, channel.id);
    await this.audit.record(manager, {
      actor: actorOf(user),
      action,
      entityType: 'schedule_entry',
      entityId: id,
      stationId: channel.stationId,
      ...(before ? { oldValue: snapshot(before) } : {}),
      newValue: snapshot(after),
    });
    return after;
  }

  private async lockChannel(manager: EntityManager, channelId: string, user: AuthUser): Promise<LockedChannel> {
    const channel = await this.store.lockChannel(manager, channelId);
    if (!channel) throw channelNotFound(channelId);
    this.access.assertCanManageStation(user, channel.stationId);
    return channel;
  }

  private async lockEntry(
    manager: EntityManager,
    entryId: string,
    user: AuthUser,
  ): Promise<{ channel: LockedChannel; entry: EntryView }> {
    const channelId = await this.store.channelOfEntry(manager, entryId);
    if (!channelId) throw entryNotFound(entryId);
    const channel = await this.lockChannel(manager, channelId, user);
    // Read again under the lock: another writer may have changed or deleted it meanwhile.
    const entry = await this.store.entry(manager, entryId);
    if (!entry) throw entryNotFound(entryId);
    return { channel, entry };
  }

  private async assertProgramme(manager: EntityManager, programmeId: string, channel: LockedChannel): Promise<void> {
    const programme = await manager.findOne(ProgrammeEntity, {
      where: { id: programmeId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!programme)
      throw new DomainError('not-found', ScheduleErrorCode.ProgrammeNotFound, `No programme ${programmeId}`);
    if (programme.stationId !== channel.stationId) {
      throw new InvalidScheduleInput(
        ScheduleErrorCode.ProgrammeOfAnotherStation,
        'The programme belongs to another station than the channel',
      );
    }
  }

  /**
   * An asset source must be one of the station's assets; a transcode for the channel's ladder is
   * queued when it has none. A live source must be one of the channel's inputs, a playlist one of the station's.
   */
  private async prepareSource(
    manager: EntityManager,
    source: OccurrenceSource | null | undefined,
    channel: LockedChannel,
  ): Promise<void> {
    if (source?.kind === 'asset') await this.media.prepareSource(manager, source.assetId, channel);
    if (source?.kind === 'live') await this.liveInputs.assertOnChannel(manager, source.liveInputId, channel.id);
    if (source?.kind === 'playlist') await this.playlists.assertOfStation(manager, source, channel.stationId);
  }

  private async assertNoConflicts(
    manager: EntityManager,
    channel: LockedChannel,
    planned: PlannedEntry<OverridePayload>,
    zone: TimeZone,
  ): Promise<void> {
    const span = planned.span(zone);
    const others = await this.store.entriesTouching(
      manager,
      channel.id,
      new Date(span.start - DAY_MS),
      span.end === null ? null : new Date(span.end + DAY_MS),
    );
    const conflicts = findConflicts(
      planned,
      others.filter((other) => other.id !== planned.id).map((other) => this.store.planned(other)),
      zone,
    );
    if (conflicts.length) {
      throw new DomainError(
        'conflict',
        ScheduleErrorCode.ScheduleConflict,
        `This would overlap ${conflicts.length === 1 ? 'an occurrence' : 'occurrences'} already on the channel (first: ${zone.formatIso(conflicts[0].start)})`,
        conflicts.map((c) => ({ entryId: c.entryId, start: zone.formatIso(c.start), end: zone.formatIso(c.end) })),
      );
    }
  }
}

function storedEntryOf(
  planned: PlannedEntry<OverridePayload>,
  zone: TimeZone,
  rest: Pick<StoredEntry, 'channelId' | 'programmeId' | 'source' | 'at'>,
): StoredEntry {
  const span = planned.span(zone);
  return {
    id: planned.id,
    ...rest,
    start: formatWallTime(planned.series.startWall),
    durationSeconds: planned.durationMs / 1000,
    recurrence: planned.series.describeRule(),
    lastStart: planned.series.lastStartWall === null ? null : formatWallTime(planned.series.lastStartWall),
    spanStart: new Date(span.start),
    spanEnd: span.end === null ? null : new Date(span.end),
  };
}

/** An entry as the audit log keeps it. */
function snapshot(entry: EntryView): object {
  const { createdAt: _created, updatedAt: _updated, ...fields } = entry;
  return fields;
}

const entryNotFound = (id: string) =>
  new DomainError('not-found', ScheduleErrorCode.EntryNotFound, `No schedule entry ${id}`);
const channelNotFound = (id: string) =>
  new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${id}`);
