import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Playout1764490000001 implements MigrationInterface {
  name = 'Playout1764490000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE channels ADD COLUMN filler_asset_id uuid REFERENCES assets (id) ON DELETE SET NULL',
    );
    await queryRunner.query(`
      CREATE TABLE channel_playout (
        channel_id uuid PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
        pending_discontinuity boolean NOT NULL DEFAULT false,
        plan_fingerprint text,
        slate_asset_id uuid REFERENCES assets (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL
      )`);
    // The as-run log: kept when schedule entries or assets are deleted later, hence no foreign keys to them.
    await queryRunner.query(`
      CREATE TABLE aired_items (
        id uuid PRIMARY KEY,
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT aired_items_kind_known CHECK (kind IN ('programme', 'filler')),
        reason text NOT NULL,
        entry_id uuid,
        occurrence_key text,
        stands_in_for text,
        asset_id uuid NOT NULL,
        title text NOT NULL,
        programme jsonb,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        skipped_at timestamptz,
        CONSTRAINT aired_items_programme_has_occurrence CHECK (kind = 'filler' OR occurrence_key IS NOT NULL),
        CONSTRAINT aired_items_ends_after_start CHECK (ended_at >= started_at)
      )`);
    await queryRunner.query('CREATE INDEX aired_items_channel_started ON aired_items (channel_id, started_at)');
    await queryRunner.query(`
      CREATE TABLE channel_segments (
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        msn bigint NOT NULL,
        start_at timestamptz NOT NULL,
        duration_ms integer NOT NULL CONSTRAINT channel_segments_duration_positive CHECK (duration_ms > 0),
        discontinuity boolean NOT NULL,
        discontinuity_seq bigint NOT NULL,
        item_id uuid NOT NULL REFERENCES aired_items (id) ON DELETE CASCADE,
        asset_id uuid NOT NULL,
        segment_index integer NOT NULL,
        item_start boolean NOT NULL,
        PRIMARY KEY (channel_id, msn)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX channel_segments_channel_start ON channel_segments (channel_id, start_at)',
    );
    await queryRunner.query('CREATE INDEX channel_segments_item ON channel_segments (item_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE channel_segments');
    await queryRunner.query('DROP TABLE aired_items');
    await queryRunner.query('DROP TABLE channel_playout');
    await queryRunner.query('ALTER TABLE channels DROP COLUMN filler_asset_id');
  }
}
