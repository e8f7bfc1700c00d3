import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A live feed records into an asset of kind `live` whose segments grow as they are stored:
 * each segment keeps when it was recorded and whether segments were lost before it.
 */
export class LiveRecordings1764530000002 implements MigrationInterface {
  name = 'LiveRecordings1764530000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE assets DROP CONSTRAINT assets_kind_check');
    await queryRunner.query(
      "ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('programme', 'filler', 'ident', 'announcement', 'music', 'live'))",
    );
    await queryRunner.query('ALTER TABLE asset_segments ADD COLUMN recorded_at timestamptz NULL');
    await queryRunner.query('ALTER TABLE asset_segments ADD COLUMN discontinuity boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE asset_segments DROP COLUMN discontinuity');
    await queryRunner.query('ALTER TABLE asset_segments DROP COLUMN recorded_at');
    await queryRunner.query("DELETE FROM assets WHERE kind = 'live'");
    await queryRunner.query('ALTER TABLE assets DROP CONSTRAINT assets_kind_check');
    await queryRunner.query(
      "ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('programme', 'filler', 'ident', 'announcement', 'music'))",
    );
  }
}
