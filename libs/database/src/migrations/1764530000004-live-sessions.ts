import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A live session: one feed of one input, held by one worker through a lease. At most one
 * session per input is open; a worker that dies stops renewing its lease, and another may
 * take the input over once the lease has expired.
 */
export class LiveSessions1764530000004 implements MigrationInterface {
  name = 'LiveSessions1764530000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE live_sessions (
        id uuid PRIMARY KEY,
        input_id uuid NOT NULL REFERENCES live_inputs (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        worker_id text NOT NULL,
        recording_asset_id uuid NOT NULL,
        -- md5 of the input's sealed secret when the session began: a rotated secret ends the session.
        secret_digest text NOT NULL,
        remote_address text,
        streamer_name text,
        title text,
        started_at timestamptz NOT NULL,
        lease_expires_at timestamptz NOT NULL,
        last_segment_at timestamptz,
        segments_stored integer NOT NULL DEFAULT 0,
        segments_dropped integer NOT NULL DEFAULT 0,
        encoder_restarts integer NOT NULL DEFAULT 0,
        frame_rate real,
        input_kbps real,
        silent boolean NOT NULL DEFAULT false,
        problem text,
        ended_at timestamptz,
        end_reason text,
        CONSTRAINT live_sessions_ends_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX live_sessions_one_open_per_input ON live_sessions (input_id) WHERE ended_at IS NULL',
    );
    await queryRunner.query('CREATE INDEX live_sessions_input_started ON live_sessions (input_id, started_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE live_sessions');
  }
}
