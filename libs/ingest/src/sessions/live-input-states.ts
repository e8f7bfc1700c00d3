import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LiveInputKind } from '../feed';

/**
 * What ingest alone can tell of an input: `idle` (no session), `connecting` (a session, no
 * segment stored yet), `receiving` (a session storing segments). Playout, which knows the
 * channel's segment duration and what airs, tells `live`, `standby` and `failing` apart.
 */
export type FeedState = 'idle' | 'connecting' | 'receiving';

export interface InputState {
  id: string;
  channelId: string;
  name: string;
  kind: LiveInputKind;
  enabled: boolean;
  feed: FeedState;
  /** When the current session started; null when idle. */
  since: Date | null;
  streamerName: string | null;
  bitrateKbps: number | null;
  frameRate: number | null;
  lastSegmentAgeSeconds: number | null;
  segmentsDropped: number;
  encoderRestarts: number;
  silent: boolean;
  problem: string | null;
}

/** Every input with its current session, in one query: for `/health/streams` and the `siaran_input_*` metrics. */
@Injectable()
export class LiveInputStates {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async all(): Promise<InputState[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT i.id, i.channel_id, i.name, i.kind, i.enabled, s.started_at, s.streamer_name, s.input_kbps, s.frame_rate,
              extract(epoch FROM now() - s.last_segment_at) AS last_segment_age, s.segments_dropped, s.encoder_restarts,
              s.silent, s.problem, s.id AS session_id
         FROM live_inputs i
         LEFT JOIN live_sessions s ON s.input_id = i.id AND s.ended_at IS NULL AND s.lease_expires_at > now()
        ORDER BY i.channel_id, i.name`,
    );
    return rows.map((row) => {
      const age = row.last_segment_age === null ? null : Number(row.last_segment_age);
      const open = row.session_id !== null;
      const feed: FeedState = !open ? 'idle' : age === null ? 'connecting' : 'receiving';
      return {
        id: row.id as string,
        channelId: row.channel_id as string,
        name: row.name as string,
        kind: row.kind as LiveInputKind,
        enabled: row.enabled as boolean,
        feed,
        since: (row.started_at as Date | null) ?? null,
        streamerName: (row.streamer_name as string | null) ?? null,
        bitrateKbps: (row.input_kbps as number | null) ?? null,
        frameRate: (row.frame_rate as number | null) ?? null,
        lastSegmentAgeSeconds: age === null ? null : Math.round(age * 10) / 10,
        segmentsDropped: (row.segments_dropped as number | null) ?? 0,
        encoderRestarts: (row.encoder_restarts as number | null) ?? 0,
        silent: (row.silent as boolean | null) ?? false,
        problem: (row.problem as string | null) ?? null,
      };
    });
  }
}
