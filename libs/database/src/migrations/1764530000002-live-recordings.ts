import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Live sessions record into assets of kind `live`: their variant is ready from the start and
 * their segments grow as the live encoder stores them, each with when it was stored and
 * whether it follows a break in the feed.
 */
export class LiveRecordings1764530000002 implements MigrationInterface {
  name = 'LiveRecordings1764530000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE assets DROP CONSTRAINT assets_kind_check');
    await queryRunner.query(
      "ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('programme', 'filler', 'ident', 'announcement', 'music', 'live'))",
    );
    await queryRunner.query(`
      ALTER TABLE asset_segments
        ADD COLUMN recorded_at timestamptz,
        ADD COLUMN discontinuity boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE asset_segments DROP COLUMN discontinuity, DROP COLUMN recorded_at');
    await queryRunner.query("DELETE FROM assets WHERE kind = 'live'");
    await queryRunner.query('ALTER TABLE assets DROP CONSTRAINT assets_kind_check');
    await queryRunner.query(
      "ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('programme', 'filler', 'ident', 'announcement', 'music'))",
    );
  }
}
