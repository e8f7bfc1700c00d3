import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OpenSession {
  inputId: string;
  channelId: string;
  workerId: string;
  recordingAssetId: string;
  remoteAddress: string | null;
  streamerName: string | null;
  leaseMs: number;
}

export interface SessionStats {
  frameRate: number | null;
  inputKbps: number | null;
  silent: boolean;
  segmentsDropped: number;
  encoderRestarts: number;
  problem: string | null;
}

/** A session as readers see it (now-playing, health, playout's live feeds). */
export interface SessionRow {
  id: string;
  inputId: string;
  channelId: string;
  workerId: string;
  recordingAssetId: string;
  remoteAddress: string | null;
  streamerName: string | null;
  title: string | null;
  startedAt: Date;
  leaseExpiresAt: Date;
  lastSegmentAt: Date | null;
  segmentsStored: number;
  segmentsDropped: number;
  encoderRestarts: number;
  frameRate: number | null;
  inputKbps: number | null;
  silent: boolean;
  problem: string | null;
  endedAt: Date | null;
  endReason: string | null;
  /** Open with a lease that has not expired (by the database's clock). */
  holding: boolean;
  inputName: string;
  airWhenConnected: boolean;
}

const SESSION_SELECT = `SELECT s.id, s.input_id, s.channel_id, s.worker_id, s.recording_asset_id, s.remote_address,
  s.streamer_name, s.title, s.started_at, s.lease_expires_at, s.last_segment_at, s.segments_stored, s.segments_dropped,
  s.encoder_restarts, s.frame_rate, s.input_kbps, s.silent, s.problem, s.ended_at, s.end_reason,
  (s.ended_at IS NULL AND s.lease_expires_at > now()) AS holding, i.name AS input_name, i.air_when_connected
  FROM live_sessions s JOIN live_inputs i ON i.id = s.input_id`;

const toSession = (row: Record<string, unknown>): SessionRow => ({
  id: row.id as string,
  inputId: row.input_id as string,
  channelId: row.channel_id as string,
  workerId: row.worker_id as string,
  recordingAssetId: row.recording_asset_id as string,
  remoteAddress: row.remote_address as string | null,
  streamerName: row.streamer_name as string | null,
  title: row.title as string | null,
  startedAt: row.started_at as Date,
  leaseExpiresAt: row.lease_expires_at as Date,
  lastSegmentAt: row.last_segment_at as Date | null,
  segmentsStored: row.segments_stored as number,
  segmentsDropped: row.segments_dropped as number,
  encoderRestarts: row.encoder_restarts as number,
  frameRate: row.frame_rate as number | null,
  inputKbps: row.input_kbps as number | null,
  silent: row.silent as boolean,
  problem: row.problem as string | null,
  endedAt: row.ended_at as Date | null,
  endReason: row.end_reason as string | null,
  holding: row.holding as boolean,
  inputName: row.input_name as string,
  airWhenConnected: row.air_when_connected as boolean,
});

/**
 * Live sessions in PostgreSQL: who holds each input (a lease, timed by the database's clock so
 * workers' clocks need not agree), and what the session has done so far.
 */
@Injectable()
export class LiveSessionStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Opens a session for the input unless another one holds it (or the input is gone or
   * disabled); a session whose lease has expired (its worker died) is ended first. Null when
   * it cannot be opened.
   */
  async open(id: string, session: OpenSession): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE live_sessions SET ended_at = greatest(lease_expires_at, started_at), end_reason = 'lease-expired'
          WHERE input_id = $1 AND ended_at IS NULL AND lease_expires_at <= now()`,
        [session.inputId],
      );
      const rows: Array<{ id: string }> = await manager.query(
        `INSERT INTO live_sessions (id, input_id, channel_id, worker_id, recording_asset_id, remote_address, streamer_name,
                                    secret_digest, started_at, lease_expires_at)
         SELECT $1, i.id, $3, $4, $5, $6, $7, md5(coalesce(i.secret_ciphertext, '')), now(),
                now() + $8 * interval '1 millisecond'
           FROM live_inputs i WHERE i.id = $2 AND i.enabled
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          id,
          session.inputId,
          session.channelId,
          session.workerId,
          session.recordingAssetId,
          session.remoteAddress,
          session.streamerName,
          session.leaseMs,
        ],
      );
      return rows[0]?.id ?? null;
    });
  }

  /** False when the session is no longer this worker's (ended, or taken over after its lease ran out). */
  async renew(id: string, workerId: string, leaseMs: number): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE live_sessions SET lease_expires_at = now() + $3 * interval '1 millisecond'
        WHERE id = $1 AND worker_id = $2 AND ended_at IS NULL`,
      [id, workerId, leaseMs],
    )) as [unknown, number];
    return count === 1;
  }

  /**
   * Of `ids`, the sessions still open whose input still exists, is enabled and kept the
   * secret it had when the session started: the others must end.
   */
  async validSessions(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT s.id FROM live_sessions s JOIN live_inputs i ON i.id = s.input_id
        WHERE s.id = ANY($1::uuid[]) AND s.ended_at IS NULL AND i.enabled
          AND md5(coalesce(i.secret_ciphertext, '')) = s.secret_digest`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  async segmentStored(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      'UPDATE live_sessions SET segments_stored = segments_stored + 1, last_segment_at = $2 WHERE id = $1',
      [id, at],
    );
  }

  async saveStats(id: string, stats: SessionStats): Promise<void> {
    await this.dataSource.query(
      `UPDATE live_sessions SET frame_rate = $2, input_kbps = $3, silent = $4, segments_dropped = $5, encoder_restarts = $6,
              problem = $7
        WHERE id = $1`,
      [id, stats.frameRate, stats.inputKbps, stats.silent, stats.segmentsDropped, stats.encoderRestarts, stats.problem],
    );
  }

  async setTitle(id: string, title: string): Promise<void> {
    await this.dataSource.query('UPDATE live_sessions SET title = $2 WHERE id = $1', [id, title]);
  }

  async close(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE live_sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL',
      [id, reason],
    );
  }

  /** The input's last session, when it ended within `withinMs`: a studio reconnecting goes on with its recording. */
  async recentlyEnded(inputId: string, withinMs: number): Promise<SessionRow | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `${SESSION_SELECT}
        WHERE s.input_id = $1 AND s.ended_at > now() - $2 * interval '1 millisecond'
        ORDER BY s.started_at DESC LIMIT 1`,
      [inputId, withinMs],
    );
    return rows[0] ? toSession(rows[0]) : null;
  }

  /** The latest session of every input that has one open or ended within `withinMs`. */
  async latest(withinMs: number): Promise<SessionRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT DISTINCT ON (s.input_id) ${SESSION_SELECT.slice('SELECT '.length)}
        WHERE s.ended_at IS NULL OR s.ended_at > now() - $1 * interval '1 millisecond'
        ORDER BY s.input_id, s.started_at DESC`,
      [withinMs],
    );
    return rows.map(toSession);
  }
}
