import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@siaran/core';
import { ScheduleErrorCode } from '../schedule-errors';
import { TimeZone } from '../time/time-zone';
import { DAY_MS, formatWallTime } from '../time/wall-time';
import { ScheduleStore } from './schedule-store';
import { Occurrence, occurrenceKeyOf, ProgrammeSummary } from './schedule-types';

/** What a reader needs of a channel: its zone, and the version its schedule is at. */
export interface ChannelClock {
  id: string;
  timezone: string;
  /** `channels.schedule_version`: raised by every change to what the channel airs. */
  scheduleVersion: string;
}

interface CachedWindow {
  version: string;
  from: number;
  to: number;
  /** Shared by every read that needs the window while it loads. */
  occurrences: Promise<readonly Occurrence[]>;
  usedAt: number;
}

const WINDOWS_PER_CHANNEL = 4;
/** A read loads a day before and a week after what it asks, so the next reads hit the cache. */
const LOAD_BEFORE_MS = DAY_MS;
const LOAD_AFTER_MS = 8 * DAY_MS;

/**
 * Expanded occurrences of channels, for the guide and the playout. The expansion of a
 * window is cached by the channel's schedule version, which every write raises in the
 * same transaction: a cached window is used only while the database says nothing changed,
 * on this process or any other.
 */
@Injectable()
export class ScheduleReader {
  private readonly cache = new Map<string, CachedWindow[]>();
  private uses = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ScheduleStore,
  ) {}

  /**
   * Occurrences of a channel overlapping [from, to), sorted by start: cancelled ones left
   * out, changed ones as changed, those begun before `from` included.
   */
  async occurrences(channelId: string, from: Date, to: Date): Promise<Occurrence[]> {
    const channel = await this.clockOf(channelId);
    if (!channel) throw new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${channelId}`);
    return this.occurrencesOf(channel, from, to);
  }

  /** The channel's zone and the version its schedule is at now; null when there is no such channel. */
  async clockOf(channelId: string): Promise<ChannelClock | null> {
    const [row]: Array<{ id: string; timezone: string; schedule_version: string }> = await this.dataSource.query(
      'SELECT id, timezone, schedule_version FROM channels WHERE id = $1',
      [channelId],
    );
    return row ? { id: row.id, timezone: row.timezone, scheduleVersion: row.schedule_version } : null;
  }

  /** The same, for a channel already read (with its schedule version) in this request. */
  async occurrencesOf(channel: ChannelClock, from: Date, to: Date): Promise<Occurrence[]> {
    const [start, end] = [from.getTime(), to.getTime()];
    const window = await this.window(channel, start, end).occurrences;
    const result: Occurrence[] = [];
    for (const occurrence of window) {
      if (occurrence.start.getTime() >= end) break;
      if (occurrence.end.getTime() > start) result.push(occurrence);
    }
    return result;
  }

  private window(channel: ChannelClock, from: number, to: number): CachedWindow {
    const windows = (this.cache.get(channel.id) ?? []).filter((w) => w.version === channel.scheduleVersion);
    const hit = windows.find((w) => w.from <= from && w.to >= to);
    if (hit) {
      hit.usedAt = ++this.uses;
      return hit;
    }
    const loadFrom = Math.floor((from - LOAD_BEFORE_MS) / DAY_MS) * DAY_MS;
    const loadTo = Math.max(to, Math.ceil((from + LOAD_AFTER_MS) / DAY_MS) * DAY_MS);
    const loaded: CachedWindow = {
      version: channel.scheduleVersion,
      from: loadFrom,
      to: loadTo,
      occurrences: this.expand(channel, loadFrom, loadTo),
      usedAt: ++this.uses,
    };
    windows.push(loaded);
    windows.sort((a, b) => b.usedAt - a.usedAt);
    this.cache.set(channel.id, windows.slice(0, WINDOWS_PER_CHANNEL));
    loaded.occurrences.catch(() =>
      this.cache.set(
        channel.id,
        (this.cache.get(channel.id) ?? []).filter((w) => w !== loaded),
      ),
    );
    return loaded;
  }

  private async expand(channel: ChannelClock, from: number, to: number): Promise<Occurrence[]> {
    const zone = TimeZone.of(channel.timezone);
    const entries = await this.store.entriesTouching(this.dataSource.manager, channel.id, new Date(from), new Date(to));
    const programmeIds = new Set(
      entries.flatMap((e) => [e.programmeId, ...e.exceptions.flatMap((x) => (x.programmeId ? [x.programmeId] : []))]),
    );
    const programmes = await this.programmes([...programmeIds]);
    const occurrences: Occurrence[] = [];
    for (const entry of entries) {
      for (const occurrence of this.store.planned(entry).expand(zone, from, to)) {
        const originalStart = formatWallTime(occurrence.originalStartWall);
        occurrences.push({
          entryId: entry.id,
          occurrenceKey: occurrenceKeyOf(entry.id, originalStart),
          originalStart,
          start: new Date(occurrence.start),
          end: new Date(occurrence.end),
          programme: programmes.get(occurrence.override?.programmeId ?? entry.programmeId) as ProgrammeSummary,
          source: occurrence.override?.source ?? entry.source,
        });
      }
    }
    return occurrences.sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  private async programmes(ids: string[]): Promise<Map<string, ProgrammeSummary>> {
    if (!ids.length) return new Map();
    const rows: Array<ProgrammeSummary & { artwork_url: string | null }> = await this.dataSource.query(
      'SELECT id, title, description, host, category, artwork_url, language FROM programmes WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(
      rows.map(({ artwork_url, ...row }) => [
        row.id,
        {
          id: row.id,
          title: row.title,
          description: row.description,
          host: row.host,
          category: row.category,
          artworkUrl: artwork_url,
          language: row.language,
        },
      ]),
    );
  }
}
