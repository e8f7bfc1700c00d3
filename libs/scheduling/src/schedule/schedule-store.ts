import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BoundedCache } from '@siaran/core';
import { parseRecurrenceRule, RecurrenceRule } from '../recurrence/recurrence-rule';
import { Series } from '../recurrence/series';
import { wallTimeFromDatabase } from '../time/wall-time';
import { OccurrenceException, PlannedEntry } from './planned-entry';
import {
  EntryView,
  ExceptionView,
  OccurrenceSource,
  OverridePayload,
  type PlaylistInserts,
  sourceColumns,
  sourceFromColumns,
} from './schedule-types';

/** A wall-clock column as text: a `timestamp` must never become a Date in the server's own zone. */
const wall = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

const ENTRY_COLUMNS = `
  e.id, e.channel_id, e.programme_id, ${wall('e.start_local')} AS start_local, e.duration_seconds, e.rrule,
  ${wall('e.last_start_local')} AS last_start_local, e.source_kind, e.source_asset_id, e.source_live_input_id,
  e.source_playlist_id, e.source_inserts, e.created_at, e.updated_at,
  COALESCE((SELECT json_agg(json_build_object(
      'id', x.id, 'originalStart', ${wall('x.original_start_local')}, 'cancelled', x.cancelled, 'start', ${wall('x.start_local')},
      'durationSeconds', x.duration_seconds, 'programmeId', x.programme_id,
      'sourceKind', x.source_kind, 'assetId', x.source_asset_id, 'liveInputId', x.source_live_input_id,
      'playlistId', x.source_playlist_id, 'inserts', x.source_inserts) ORDER BY x.original_start_local)
    FROM schedule_exceptions x WHERE x.entry_id = e.id), '[]'::json) AS exceptions`;

interface EntryRow {
  id: string;
  channel_id: string;
  programme_id: string;
  start_local: string;
  duration_seconds: number;
  rrule: string | null;
  last_start_local: string | null;
  source_kind: string;
  source_asset_id: string | null;
  source_live_input_id: string | null;
  source_playlist_id: string | null;
  source_inserts: PlaylistInserts | null;
  created_at: Date;
  updated_at: Date;
  exceptions: Array<{
    id: string;
    originalStart: string;
    cancelled: boolean;
    start: string | null;
    durationSeconds: number | null;
    programmeId: string | null;
    sourceKind: string | null;
    assetId: string | null;
    liveInputId: string | null;
    playlistId: string | null;
    inserts: PlaylistInserts | null;
  }>;
}

export interface LockedChannel {
  id: string;
  stationId: string;
  timezone: string;
  /** The transcoding ladder every asset it airs needs. */
  ladderPreset: string;
}

export interface StoredEntry {
  id: string;
  channelId: string;
  programmeId: string;
  start: string;
  durationSeconds: number;
  recurrence: string | null;
  lastStart: string | null;
  spanStart: Date;
  spanEnd: Date | null;
  source: OccurrenceSource;
  at: Date;
}

export interface StoredException {
  id: string;
  entryId: string;
  originalStart: string;
  cancelled: boolean;
  start: string | null;
  durationSeconds: number | null;
  programmeId: string | null;
  source: OccurrenceSource | null;
  at: Date;
}

/** The SQL of schedule entries and their exceptions, and the timing of the entries read. */
@Injectable()
export class ScheduleStore {
  /** Each distinct rule text parsed once: stored rules are canonical and few. */
  private readonly rules = new BoundedCache<string, RecurrenceRule>(10_000);

  /** The timing of a stored entry, ready to expand. */
  planned(entry: EntryView): PlannedEntry<OverridePayload> {
    const series = new Series(
      wallTimeFromDatabase(entry.start),
      entry.recurrence ? this.rule(entry.recurrence) : null,
      entry.lastStart === null ? null : wallTimeFromDatabase(entry.lastStart),
    );
    const exceptions = entry.exceptions.map((x): OccurrenceException<OverridePayload> => ({
      originalStartWall: wallTimeFromDatabase(x.originalStart),
      override: x.cancelled
        ? null
        : {
            startWall: wallTimeFromDatabase(x.start as string),
            durationMs: (x.durationSeconds as number) * 1000,
            payload: { programmeId: x.programmeId, source: x.source },
          },
    }));
    return new PlannedEntry(entry.id, series, entry.durationSeconds * 1000, exceptions);
  }

  private rule(text: string): RecurrenceRule {
    let rule = this.rules.get(text);
    if (!rule) {
      rule = parseRecurrenceRule(text);
      this.rules.set(text, rule);
    }
    return rule;
  }

  /** Serialises every change to what one channel airs: taken first by each schedule write. */
  async lockChannel(manager: EntityManager, channelId: string): Promise<LockedChannel | undefined> {
    const rows: Array<{ id: string; station_id: string; timezone: string; ladder_preset: string }> =
      await manager.query(
        'SELECT id, station_id, timezone, ladder_preset FROM channels WHERE id = $1 FOR NO KEY UPDATE',
        [channelId],
      );
    return (
      rows[0] && {
        id: rows[0].id,
        stationId: rows[0].station_id,
        timezone: rows[0].timezone,
        ladderPreset: rows[0].ladder_preset,
      }
    );
  }

  async channelOfEntry(manager: EntityManager, entryId: string): Promise<string | undefined> {
    const rows: Array<{ channel_id: string }> = await manager.query(
      'SELECT channel_id FROM schedule_entries WHERE id = $1',
      [entryId],
    );
    return rows[0]?.channel_id;
  }

  async entry(manager: EntityManager, id: string): Promise<EntryView | undefined> {
    const rows: EntryRow[] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM schedule_entries e WHERE e.id = $1`, [
      id,
    ]);
    return rows[0] && viewOf(rows[0]);
  }

  async entriesOfChannel(manager: EntityManager, channelId: string): Promise<EntryView[]> {
    const rows: EntryRow[] = await manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM schedule_entries e WHERE e.channel_id = $1 ORDER BY e.span_start, e.id`,
      [channelId],
    );
    return rows.map(viewOf);
  }

  /** Entries with an occurrence in [from, to) (to null: no end). */
  async entriesTouching(manager: EntityManager, channelId: string, from: Date, to: Date | null): Promise<EntryView[]> {
    const rows: EntryRow[] = await manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM schedule_entries e
        WHERE e.channel_id = $1 AND (e.span_end IS NULL OR e.span_end > $2) AND ($3::timestamptz IS NULL OR e.span_start < $3)
        ORDER BY e.span_start, e.id`,
      [channelId, from, to],
    );
    return rows.map(viewOf);
  }

  async insertEntry(manager: EntityManager, entry: StoredEntry): Promise<void> {
    await manager.query(
      `INSERT INTO schedule_entries (id, channel_id, programme_id, start_local, duration_seconds, rrule, last_start_local, span_start, span_end,
                                     source_kind, source_asset_id, source_live_input_id, source_playlist_id, source_inserts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
      [
        entry.id,
        entry.channelId,
        entry.programmeId,
        entry.start,
        entry.durationSeconds,
        entry.recurrence,
        entry.lastStart,
        entry.spanStart,
        entry.spanEnd,
        ...sourceColumns(entry.source),
        entry.at,
      ],
    );
  }

  async updateEntry(manager: EntityManager, entry: StoredEntry): Promise<void> {
    await manager.query(
      `UPDATE schedule_entries SET programme_id = $2, start_local = $3, duration_seconds = $4, rrule = $5, last_start_local = $6, span_start = $7, span_end = $8,
              source_kind = $9, source_asset_id = $10, source_live_input_id = $11, source_playlist_id = $12, source_inserts = $13,
              updated_at = $14
        WHERE id = $1`,
      [
        entry.id,
        entry.programmeId,
        entry.start,
        entry.durationSeconds,
        entry.recurrence,
        entry.lastStart,
        entry.spanStart,
        entry.spanEnd,
        ...sourceColumns(entry.source),
        entry.at,
      ],
    );
  }

  async updateSpan(manager: EntityManager, entryId: string, spanStart: Date, spanEnd: Date | null): Promise<void> {
    await manager.query('UPDATE schedule_entries SET span_start = $2, span_end = $3 WHERE id = $1', [
      entryId,
      spanStart,
      spanEnd,
    ]);
  }

  async deleteEntry(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM schedule_entries WHERE id = $1', [id]);
  }

  async upsertException(manager: EntityManager, exception: StoredException): Promise<void> {
    await manager.query(
      `INSERT INTO schedule_exceptions (id, entry_id, original_start_local, cancelled, start_local, duration_seconds, programme_id,
                                        source_kind, source_asset_id, source_live_input_id, source_playlist_id, source_inserts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
       ON CONFLICT (entry_id, original_start_local) DO UPDATE SET cancelled = EXCLUDED.cancelled, start_local = EXCLUDED.start_local,
         duration_seconds = EXCLUDED.duration_seconds, programme_id = EXCLUDED.programme_id, source_kind = EXCLUDED.source_kind,
         source_asset_id = EXCLUDED.source_asset_id, source_live_input_id = EXCLUDED.source_live_input_id,
         source_playlist_id = EXCLUDED.source_playlist_id, source_inserts = EXCLUDED.source_inserts, updated_at = EXCLUDED.updated_at`,
      [
        exception.id,
        exception.entryId,
        exception.originalStart,
        exception.cancelled,
        exception.start,
        exception.durationSeconds,
        exception.programmeId,
        ...sourceColumns(exception.source),
        exception.at,
      ],
    );
  }

  async deleteExceptions(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.query('DELETE FROM schedule_exceptions WHERE id = ANY($1::uuid[])', [ids]);
  }

  async bumpVersion(manager: EntityManager, channelId: string): Promise<void> {
    await manager.query('UPDATE channels SET schedule_version = schedule_version + 1 WHERE id = $1', [channelId]);
  }
}

function viewOf(row: EntryRow): EntryView {
  return {
    id: row.id,
    channelId: row.channel_id,
    programmeId: row.programme_id,
    start: row.start_local,
    durationSeconds: row.duration_seconds,
    recurrence: row.rrule,
    lastStart: row.last_start_local,
    source: sourceFromColumns(
      row.source_kind,
      row.source_asset_id,
      row.source_live_input_id,
      row.source_playlist_id,
      row.source_inserts,
    ) as OccurrenceSource,
    exceptions: row.exceptions.map((x): ExceptionView => ({
      id: x.id,
      originalStart: x.originalStart,
      cancelled: x.cancelled,
      start: x.start,
      durationSeconds: x.durationSeconds,
      programmeId: x.programmeId,
      source: sourceFromColumns(x.sourceKind, x.assetId, x.liveInputId, x.playlistId, x.inserts),
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
