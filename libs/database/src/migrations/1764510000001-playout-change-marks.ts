import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What lets the playout worker tell in one read which channels may need planning: a counter
 * raised whenever the set of ready variants changes, and what each channel's plan was made from.
 */
export class PlayoutChangeMarks1764510000001 implements MigrationInterface {
  name = 'PlayoutChangeMarks1764510000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE variant_readiness (
        only_row boolean PRIMARY KEY DEFAULT true CONSTRAINT variant_readiness_single_row CHECK (only_row),
        version bigint NOT NULL
      )`);
    await queryRunner.query('INSERT INTO variant_readiness (version) VALUES (0)');
    // A trigger rather than the media code: cascaded deletes of assets and every future writer count too.
    await queryRunner.query(`
      CREATE FUNCTION note_variant_readiness_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP = 'INSERT' AND NEW.status = 'ready')
          OR (TG_OP = 'UPDATE' AND (OLD.status = 'ready' OR NEW.status = 'ready'))
          OR (TG_OP = 'DELETE' AND OLD.status = 'ready') THEN
          UPDATE variant_readiness SET version = version + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER asset_variants_readiness AFTER INSERT OR UPDATE OR DELETE ON asset_variants
        FOR EACH ROW EXECUTE FUNCTION note_variant_readiness_change()`);
    await queryRunner.query('ALTER TABLE channel_playout ADD COLUMN planned_from text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE channel_playout DROP COLUMN planned_from');
    await queryRunner.query('DROP TRIGGER asset_variants_readiness ON asset_variants');
    await queryRunner.query('DROP FUNCTION note_variant_readiness_change()');
    await queryRunner.query('DROP TABLE variant_readiness');
  }
}
