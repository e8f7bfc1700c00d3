import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** When a station's logo (an object in storage) was last set; NULL without one. Lets station reads say so without asking S3. */
export class StationLogos1764500000001 implements MigrationInterface {
  name = 'StationLogos1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE stations ADD COLUMN logo_updated_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE stations DROP COLUMN logo_updated_at');
  }
}
