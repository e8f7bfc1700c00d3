import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Live items in the as-run log (with the input that aired, kept when the input is deleted
 * later, hence no foreign key), and a live input taking a channel over, in playout's own table.
 */
export class LivePlayout1764530000003 implements MigrationInterface {
  name = 'LivePlayout1764530000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE aired_items ADD COLUMN live_input_id uuid');
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_kind_known');
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_kind_known CHECK (kind IN ('programme', 'filler', 'live'))",
    );
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_live_has_input CHECK ((kind = 'live') = (live_input_id IS NOT NULL))",
    );
    // A takeover airs a live input with no scheduled occurrence.
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_programme_has_occurrence');
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_programme_has_occurrence CHECK (kind <> 'programme' OR occurrence_key IS NOT NULL)",
    );
    await queryRunner.query(`
      ALTER TABLE channel_playout
        ADD COLUMN takeover_input_id uuid REFERENCES live_inputs (id) ON DELETE SET NULL,
        ADD COLUMN takeover_from timestamptz,
        ADD COLUMN takeover_until timestamptz,
        ADD CONSTRAINT channel_playout_takeover_ends_after_start CHECK (takeover_until IS NULL OR takeover_until > takeover_from)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE channel_playout
        DROP COLUMN takeover_until, DROP COLUMN takeover_from, DROP COLUMN takeover_input_id`);
    await queryRunner.query("DELETE FROM aired_items WHERE kind = 'live'");
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_programme_has_occurrence');
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_programme_has_occurrence CHECK (kind = 'filler' OR occurrence_key IS NOT NULL)",
    );
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_live_has_input');
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_kind_known');
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_kind_known CHECK (kind IN ('programme', 'filler'))",
    );
    await queryRunner.query('ALTER TABLE aired_items DROP COLUMN live_input_id');
  }
}
