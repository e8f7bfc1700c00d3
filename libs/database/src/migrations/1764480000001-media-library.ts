import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class MediaLibrary1764480000001 implements MigrationInterface {
  name = 'MediaLibrary1764480000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY,
        station_id uuid NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('programme', 'filler', 'ident', 'announcement', 'music')),
        status text NOT NULL CHECK (status IN ('uploaded', 'probing', 'queued', 'transcoding', 'ready', 'failed')),
        source_key text NOT NULL,
        source_name text NOT NULL,
        source_size bigint NOT NULL CHECK (source_size >= 0),
        probe jsonb,
        duration_ms integer CHECK (duration_ms >= 0),
        poster_key text,
        created_by uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX assets_station_created ON assets (station_id, created_at DESC, id)');
    await queryRunner.query(`
      CREATE TABLE asset_variants (
        asset_id uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
        preset text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'transcoding', 'ready', 'failed')),
        progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        eta_seconds integer,
        job_id uuid,
        attempt_id uuid,
        lease_expires_at timestamptz,
        cancel_requested boolean NOT NULL DEFAULT false,
        attempts integer NOT NULL DEFAULT 0,
        decisions jsonb,
        failure_code text,
        failure_reason text,
        failure_detail text,
        duration_ms integer CHECK (duration_ms >= 0),
        queued_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        PRIMARY KEY (asset_id, preset)
      )`);
    await queryRunner.query(
      "CREATE INDEX asset_variants_leased ON asset_variants (lease_expires_at) WHERE status = 'transcoding'",
    );
    await queryRunner.query(`
      CREATE TABLE asset_renditions (
        asset_id uuid NOT NULL,
        preset text NOT NULL,
        name text NOT NULL,
        position smallint NOT NULL,
        bandwidth integer NOT NULL CHECK (bandwidth > 0),
        average_bandwidth integer NOT NULL CHECK (average_bandwidth > 0),
        codecs text NOT NULL,
        width integer,
        height integer,
        frame_rate real,
        PRIMARY KEY (asset_id, preset, name),
        FOREIGN KEY (asset_id, preset) REFERENCES asset_variants (asset_id, preset) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE asset_segments (
        asset_id uuid NOT NULL,
        preset text NOT NULL,
        segment_index integer NOT NULL CHECK (segment_index >= 0),
        duration_ms integer NOT NULL CHECK (duration_ms > 0),
        PRIMARY KEY (asset_id, preset, segment_index),
        FOREIGN KEY (asset_id, preset) REFERENCES asset_variants (asset_id, preset) ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE asset_segments');
    await queryRunner.query('DROP TABLE asset_renditions');
    await queryRunner.query('DROP TABLE asset_variants');
    await queryRunner.query('DROP TABLE assets');
  }
}
