import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CurrentItem,
  ItemKind,
  ItemReason,
  PlannedOccurrence,
  PlanResult,
  PlayoutCursor,
  StartedItem,
} from './timeline';
import { type StoredBlockItem } from './block-history';

/** A snapshot of the programme an item aired, kept with the as-run log. */
export interface ProgrammeSnapshot {
  id: string;
  title: string;
  host: string | null;
  description: string | null;
  category: string | null;
  artworkUrl: string | null;
}

/** The song an item aired, as its asset's tags (or edits) named it. */
export interface SongSnapshot {
  artist: string | null;
  title: string | null;
  album: string | null;
  isrc: string | null;
  /** Where the artwork is served, if the file had a picture. */
  art: string | null;
}

/** How often a song aired in a period: a line of the music-royalty report. */
export interface SongPlays {
  assetId: string;
  artist: string | null;
  title: string | null;
  album: string | null;
  isrc: string | null;
  plays: number;
  seconds: number;
  firstPlayedAt: Date;
  lastPlayedAt: Date;
}

export interface ItemMeta {
  title: string;
  programme: ProgrammeSnapshot | null;
  song: SongSnapshot | null;
  /** The playlist the item was chosen from. */
  playlistId: string | null;
}

export interface WindowSegment {
  msn: number;
  startAt: number;
  durationMs: number;
  discontinuity: boolean;
  discontinuitySeq: number;
  assetId: string;
  segmentIndex: number;
  itemId: string;
  itemStart: boolean;
  itemKind: ItemKind;
  itemTitle: string;
}

export interface AiredItem {
  id: string;
  channelId: string;
  kind: ItemKind;
  reason: ItemReason;
  entryId: string | null;
  occurrenceKey: string | null;
  standsInFor: string | null;
  assetId: string;
  /** For live items: the input that aired. */
  liveInputId: string | null;
  title: string;
  programme: ProgrammeSnapshot | null;
  song: SongSnapshot | null;
  playlistId: string | null;
  startedAt: Date;
  endedAt: Date;
  skippedAt: Date | null;
}

export interface ChannelPlayoutState {
  pendingDiscontinuity: boolean;
  planFingerprint: string | null;
  /** The plan sources (see `planSourcesOf`) the timeline was last planned or checked from. */
  plannedFrom: string | null;
}

/** What airs at an instant, and what follows it on the planned timeline. */
export interface ItemOnAir {
  item: AiredItem;
  segmentEndsAt: number;
  /** The next item, once the timeline is planned that far: it starts where the item on air ends. */
  next: { startedAt: number; occurrenceKey: string | null } | null;
}

/** Where a channel's timeline stands, as one read of every channel gives it to the worker. */
export interface TimelineMark {
  plannedFrom: string | null;
  /** End of the last materialised segment; null before the first. */
  end: number | null;
}

interface AiredItemRow {
  id: string;
  channel_id: string;
  kind: ItemKind;
  reason: ItemReason;
  entry_id: string | null;
  occurrence_key: string | null;
  stands_in_for: string | null;
  asset_id: string;
  live_input_id: string | null;
  title: string;
  programme: ProgrammeSnapshot | null;
  song: SongSnapshot | null;
  playlist_id: string | null;
  started_at: Date;
  ended_at: Date;
  skipped_at: Date | null;
}

const toItem = (row: AiredItemRow): AiredItem => ({
  id: row.id,
  channelId: row.channel_id,
  kind: row.kind,
  reason: row.reason,
  entryId: row.entry_id,
  occurrenceKey: row.occurrence_key,
  standsInFor: row.stands_in_for,
  assetId: row.asset_id,
  liveInputId: row.live_input_id,
  title: row.title,
  programme: row.programme,
  song: row.song,
  playlistId: row.playlist_id,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  skippedAt: row.skipped_at,
});

/**
 * The durable channel timeline: materialised segments, the items they belong to (the as-run
 * log) and per-channel state. Everything a playlist or now-playing answer needs is read here,
 * so every replica answers the same.
 */
@Injectable()
export class PlayoutStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises every writer of one channel's timeline (worker ticks, skips, re-plans). */
  async lock(manager: EntityManager, channelId: string): Promise<ChannelPlayoutState> {
    const select = () =>
      manager.query(
        'SELECT pending_discontinuity, plan_fingerprint, planned_from FROM channel_playout WHERE channel_id = $1 FOR UPDATE',
        [channelId],
      );
    let [row] = await select();
    if (!row) {
      await manager.query(
        'INSERT INTO channel_playout (channel_id, updated_at) VALUES ($1, now()) ON CONFLICT (channel_id) DO NOTHING',
        [channelId],
      );
      [row] = await select();
    }
    return {
      pendingDiscontinuity: row.pending_discontinuity,
      planFingerprint: row.plan_fingerprint,
      plannedFrom: row.planned_from,
    };
  }

  async saveState(manager: EntityManager, channelId: string, state: ChannelPlayoutState): Promise<void> {
    await manager.query(
      'UPDATE channel_playout SET pending_discontinuity = $2, plan_fingerprint = $3, planned_from = $4, updated_at = now() WHERE channel_id = $1',
      [channelId, state.pendingDiscontinuity, state.planFingerprint, state.plannedFrom],
    );
  }

  /** The mark of every channel with a timeline, keyed by channel id, in one query; channels without one are not planned yet. */
  async timelineMarks(): Promise<Map<string, TimelineMark>> {
    const rows: Array<{ channel_id: string; planned_from: string | null; end_at: Date | null }> =
      await this.dataSource.query(
        `SELECT p.channel_id, p.planned_from, last.end_at
         FROM channel_playout p
         LEFT JOIN LATERAL (SELECT s.start_at + s.duration_ms * interval '1 millisecond' AS end_at
                              FROM channel_segments s WHERE s.channel_id = p.channel_id ORDER BY s.msn DESC LIMIT 1) last ON true`,
      );
    return new Map(
      rows.map((row) => [
        row.channel_id,
        { plannedFrom: row.planned_from, end: row.end_at ? row.end_at.getTime() : null },
      ]),
    );
  }

  /**
   * The cursor is derived from the last materialised segment and the items before it, so
   * nothing but the timeline itself needs to be kept consistent.
   */
  async cursor(
    manager: EntityManager,
    channelId: string,
    state: ChannelPlayoutState,
    occurrences: readonly PlannedOccurrence[],
    fillerFromPlaylist = false,
  ): Promise<PlayoutCursor | null> {
    const [last] = await manager.query(
      `SELECT s.msn, s.start_at, s.duration_ms, s.discontinuity_seq, s.segment_index, i.id AS item_id, i.kind, i.occurrence_key, i.entry_id, i.asset_id, i.skipped_at, i.stands_in_for,
              i.live_input_id, i.reason, i.started_at, i.block_index
         FROM channel_segments s JOIN aired_items i ON i.id = s.item_id
        WHERE s.channel_id = $1 ORDER BY s.msn DESC LIMIT 1`,
      [channelId],
    );
    if (!last) return null;
    const at = new Date(last.start_at).getTime() + last.duration_ms;
    // A skipped item does not go on: whatever is wanted next starts after its last segment.
    const skipped = last.skipped_at !== null;
    const current: CurrentItem | null = skipped
      ? null
      : {
          itemId: last.item_id,
          kind: last.kind,
          occurrenceKey: last.occurrence_key,
          entryId: last.entry_id,
          assetId: last.asset_id,
          nextIndex: last.segment_index + 1,
          standsInFor: last.stands_in_for,
          liveInputId: last.live_input_id,
          fellBackAt: last.reason === 'live-dropped' ? new Date(last.started_at).getTime() : null,
          blockIndex: last.block_index,
        };
    const openKeys = occurrences.filter((o) => o.end > at).map((o) => o.key);
    // The occurrence on air goes on, even when it aired earlier items (the songs of a block before this one).
    const finished: Array<{ occurrence_key: string }> = openKeys.length
      ? await manager.query(
          `SELECT DISTINCT occurrence_key FROM aired_items
            WHERE channel_id = $1 AND kind = 'programme' AND occurrence_key = ANY($2)
              AND (occurrence_key IS DISTINCT FROM $3 OR skipped_at IS NOT NULL)`,
          [channelId, openKeys, skipped ? null : last.occurrence_key],
        )
      : [];
    // Filler from a playlist goes on from the position after the last filler item of its sequence.
    const [filler]: Array<{ block_index: number }> = fillerFromPlaylist
      ? await manager.query(
          `SELECT block_index FROM aired_items
            WHERE channel_id = $1 AND kind = 'filler' AND block_index IS NOT NULL AND started_at > $2::timestamptz - interval '7 days'
            ORDER BY started_at DESC LIMIT 1`,
          [channelId, new Date(at)],
        )
      : [];
    return {
      at,
      nextMsn: Number(last.msn) + 1,
      discontinuities: Number(last.discontinuity_seq),
      current,
      finishedKeys: finished.map((row) => row.occurrence_key),
      pendingDiscontinuity: state.pendingDiscontinuity,
      ...(filler ? { fillerPosition: filler.block_index + 1 } : {}),
    };
  }

  async append(
    manager: EntityManager,
    channelId: string,
    plan: PlanResult,
    meta: ReadonlyMap<string, ItemMeta>,
  ): Promise<void> {
    for (const item of plan.startedItems)
      await this.insertItem(
        manager,
        channelId,
        item,
        plan.itemEnds.get(item.itemId) ?? item.startedAt,
        meta.get(item.itemId),
      );
    for (const [itemId, endedAt] of plan.itemEnds) {
      if (plan.startedItems.some((started) => started.itemId === itemId)) continue;
      await manager.query('UPDATE aired_items SET ended_at = $2 WHERE id = $1', [itemId, new Date(endedAt)]);
    }
    const starts = new Set(plan.startedItems.map((i) => i.itemId));
    const seen = new Set<string>();
    const rows = plan.segments.map((s) => {
      const itemStart = starts.has(s.itemId) && !seen.has(s.itemId);
      seen.add(s.itemId);
      return [
        channelId,
        s.msn,
        new Date(s.startAt),
        s.durationMs,
        s.discontinuity,
        s.discontinuitySeq,
        s.itemId,
        s.assetId,
        s.segmentIndex,
        itemStart,
      ];
    });
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const values = chunk
        .map((_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(', ')})`)
        .join(', ');
      await manager.query(
        `INSERT INTO channel_segments (channel_id, msn, start_at, duration_ms, discontinuity, discontinuity_seq, item_id, asset_id, segment_index, item_start) VALUES ${values}`,
        chunk.flat(),
      );
    }
  }

  private async insertItem(
    manager: EntityManager,
    channelId: string,
    item: StartedItem,
    endedAt: number,
    meta: ItemMeta | undefined,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO aired_items (id, channel_id, kind, reason, entry_id, occurrence_key, stands_in_for, asset_id, title, programme, started_at, ended_at, live_input_id,
                                song, playlist_id, block_index)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        item.itemId,
        channelId,
        item.kind,
        item.reason,
        item.entryId,
        item.occurrenceKey,
        item.standsInFor,
        item.assetId,
        meta?.title ?? '',
        meta?.programme ? JSON.stringify(meta.programme) : null,
        new Date(item.startedAt),
        new Date(endedAt),
        item.liveInputId ?? null,
        meta?.song ? JSON.stringify(meta.song) : null,
        meta?.playlistId ?? null,
        item.blockIndex ?? null,
      ],
    );
  }

  /**
   * Forgets the planned future after `keepUntil`: segments starting later are dropped (no
   * player has been given them), items left without segments go, the last kept item ends
   * where its last segment ends.
   */
  async truncateAfter(manager: EntityManager, channelId: string, keepUntil: Date): Promise<void> {
    await manager.query('DELETE FROM channel_segments WHERE channel_id = $1 AND start_at > $2', [channelId, keepUntil]);
    await manager.query(
      `DELETE FROM aired_items i WHERE i.channel_id = $1 AND i.started_at > $2
          AND NOT EXISTS (SELECT 1 FROM channel_segments s WHERE s.channel_id = i.channel_id AND s.item_id = i.id)`,
      [channelId, keepUntil],
    );
    await manager.query(
      `UPDATE aired_items i
          SET ended_at = (SELECT max(s.start_at + s.duration_ms * interval '1 millisecond') FROM channel_segments s WHERE s.item_id = i.id)
        WHERE i.channel_id = $1 AND i.ended_at > $2`,
      [channelId, keepUntil],
    );
  }

  /** Ends the item airing at `at` after the segment airing then; returns it, or null when off air. */
  async skipAt(manager: EntityManager, channelId: string, at: Date): Promise<AiredItem | null> {
    const [row] = await manager.query(
      `SELECT i.*, s.start_at AS segment_start FROM channel_segments s JOIN aired_items i ON i.id = s.item_id
        WHERE s.channel_id = $1 AND s.start_at <= $2 AND s.start_at + s.duration_ms * interval '1 millisecond' > $2`,
      [channelId, at],
    );
    if (!row) return null;
    await this.truncateAfter(manager, channelId, row.segment_start as Date);
    await manager.query('UPDATE aired_items SET skipped_at = $2 WHERE id = $1', [row.id, at]);
    return toItem({ ...(row as AiredItemRow), skipped_at: at });
  }

  /** The last `count` segments that have started by `now`: a live playlist's window. */
  async window(channelId: string, now: Date, count: number): Promise<WindowSegment[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.msn, s.start_at, s.duration_ms, s.discontinuity, s.discontinuity_seq, s.asset_id, s.segment_index, s.item_start,
              s.item_id, i.kind AS item_kind, i.title AS item_title
         FROM channel_segments s JOIN aired_items i ON i.id = s.item_id
        WHERE s.channel_id = $1 AND s.start_at <= $2
        ORDER BY s.msn DESC LIMIT $3`,
      [channelId, now, count],
    );
    return rows.reverse().map((row) => ({
      msn: Number(row.msn),
      startAt: (row.start_at as Date).getTime(),
      durationMs: row.duration_ms as number,
      discontinuity: row.discontinuity as boolean,
      discontinuitySeq: Number(row.discontinuity_seq),
      assetId: row.asset_id as string,
      segmentIndex: row.segment_index as number,
      itemId: row.item_id as string,
      itemStart: row.item_start as boolean,
      itemKind: row.item_kind as ItemKind,
      itemTitle: row.item_title as string,
    }));
  }

  /** When the next item starts, as far as the timeline is planned. */
  async nextItemStart(channelId: string, now: Date): Promise<number | null> {
    const [row] = await this.dataSource.query(
      'SELECT start_at FROM channel_segments WHERE channel_id = $1 AND start_at > $2 AND item_start ORDER BY start_at LIMIT 1',
      [channelId, now],
    );
    return row ? (row.start_at as Date).getTime() : null;
  }

  /**
   * The item on air at `at`, with the segment that airs then, and the next item as far as the
   * timeline is planned: its first segment's start is when the item on air really ends.
   */
  async itemAt(channelId: string, at: Date): Promise<ItemOnAir | null> {
    const [row] = await this.dataSource.query(
      `SELECT i.*, s.start_at AS segment_start, s.duration_ms AS segment_duration,
              n.start_at AS next_start, ni.occurrence_key AS next_occurrence_key
         FROM channel_segments s JOIN aired_items i ON i.id = s.item_id
         LEFT JOIN LATERAL (
           SELECT f.start_at, f.item_id FROM channel_segments f
            WHERE f.channel_id = s.channel_id AND f.start_at > s.start_at AND f.item_start
            ORDER BY f.start_at LIMIT 1
         ) n ON true
         LEFT JOIN aired_items ni ON ni.id = n.item_id
        WHERE s.channel_id = $1 AND s.start_at <= $2 AND s.start_at > $2 - interval '1 hour'
        ORDER BY s.start_at DESC LIMIT 1`,
      [channelId, at],
    );
    if (!row) return null;
    const segmentEndsAt = (row.segment_start as Date).getTime() + (row.segment_duration as number);
    if (segmentEndsAt <= at.getTime()) return null;
    const next = row.next_start
      ? { startedAt: (row.next_start as Date).getTime(), occurrenceKey: row.next_occurrence_key as string | null }
      : null;
    return { item: toItem(row), segmentEndsAt, next };
  }

  /**
   * The air span of the block (an occurrence filled from a playlist) that `item` belongs to:
   * when its first item started, and when the item after its last one starts, once the
   * timeline is planned that far (else null). A slot lasts at most a day, so so far back is read.
   */
  async blockSpan(item: AiredItem): Promise<{ startedAt: number; endsAt: number | null }> {
    const [row]: Array<{ first: Date | null; next: Date | null }> = await this.dataSource.query(
      `WITH block AS (
         SELECT min(started_at) AS first, max(started_at) AS last FROM aired_items
          WHERE channel_id = $1 AND occurrence_key = $2 AND started_at > $3::timestamptz - interval '25 hours'
       )
       SELECT block.first,
              (SELECT min(n.started_at) FROM aired_items n
                WHERE n.channel_id = $1 AND n.started_at > block.last
                  AND n.occurrence_key IS DISTINCT FROM $2) AS next
         FROM block`,
      [item.channelId, item.occurrenceKey, item.startedAt],
    );
    return {
      startedAt: (row?.first ?? item.startedAt).getTime(),
      endsAt: row?.next ? row.next.getTime() : null,
    };
  }

  /** The items of blocks (playlist items, inserts included) that started in [from, to), oldest first. */
  async blockItemsBetween(channelId: string, from: Date, to: Date): Promise<StoredBlockItem[]> {
    const rows: Array<{
      asset_id: string;
      artist: string | null;
      playlist_id: string;
      occurrence_key: string;
      block_index: number;
      started_at: Date;
    }> = await this.dataSource.query(
      `SELECT asset_id, song->>'artist' AS artist, playlist_id, occurrence_key, block_index, started_at FROM aired_items
        WHERE channel_id = $1 AND started_at >= $2 AND started_at < $3
          AND playlist_id IS NOT NULL AND block_index IS NOT NULL AND occurrence_key IS NOT NULL
        ORDER BY started_at`,
      [channelId, from, to],
    );
    return rows.map((row) => ({
      assetId: row.asset_id,
      artist: row.artist,
      playlistId: row.playlist_id,
      occurrenceKey: row.occurrence_key,
      blockIndex: row.block_index,
      startedAt: row.started_at.getTime(),
    }));
  }

  /** Per song (asset) that started airing in [from, to) and by `now`: plays, seconds aired, first and last play; by artist and title. */
  async songPlays(channelId: string, from: Date, to: Date, now: Date): Promise<SongPlays[]> {
    const rows: Array<{
      asset_id: string;
      song: SongSnapshot;
      plays: string;
      seconds: number;
      first_at: Date;
      last_at: Date;
    }> = await this.dataSource.query(
      `SELECT asset_id, (array_agg(song ORDER BY started_at DESC))[1] AS song, count(*) AS plays,
              round(sum(extract(epoch FROM (least(ended_at, $4) - started_at))))::integer AS seconds,
              min(started_at) AS first_at, max(started_at) AS last_at
         FROM aired_items
        WHERE channel_id = $1 AND song IS NOT NULL AND started_at >= $2 AND started_at < $3 AND started_at <= $4
        GROUP BY asset_id`,
      [channelId, from, to, now],
    );
    return rows
      .map((row) => ({
        assetId: row.asset_id,
        artist: row.song.artist,
        title: row.song.title,
        album: row.song.album,
        isrc: row.song.isrc,
        plays: Number(row.plays),
        seconds: row.seconds,
        firstPlayedAt: row.first_at,
        lastPlayedAt: row.last_at,
      }))
      .sort(
        (a, b) =>
          (a.artist ?? '').localeCompare(b.artist ?? '') ||
          (a.title ?? '').localeCompare(b.title ?? '') ||
          a.assetId.localeCompare(b.assetId),
      );
  }

  /** The last `count` items with a song that started before `before`, newest first. */
  async songsBefore(channelId: string, before: Date, count: number): Promise<AiredItem[]> {
    const rows: AiredItemRow[] = await this.dataSource.query(
      `SELECT * FROM aired_items WHERE channel_id = $1 AND started_at < $2 AND song IS NOT NULL
        ORDER BY started_at DESC LIMIT $3`,
      [channelId, before, count],
    );
    return rows.map(toItem);
  }

  async itemsBetween(channelId: string, from: Date, to: Date): Promise<AiredItem[]> {
    const rows: AiredItemRow[] = await this.dataSource.query(
      `SELECT * FROM aired_items WHERE channel_id = $1 AND started_at < $3 AND ended_at > $2 ORDER BY started_at`,
      [channelId, from, to],
    );
    return rows.map(toItem);
  }

  /**
   * Segments are needed only while players may still fetch them; the as-run log stays. The
   * last segment of every channel stays too: the timeline continues from it.
   */
  async pruneSegments(olderThan: Date): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM channel_segments s WHERE s.start_at < $1
          AND s.msn < (SELECT max(m.msn) FROM channel_segments m WHERE m.channel_id = s.channel_id)`,
      [olderThan],
    );
    return (result as [unknown, number])[1] ?? 0;
  }
}
