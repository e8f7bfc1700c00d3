import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** What the player shows of a station beside its logo and name: its website and how to reach it. */
export class StationIdentity1764530000600 implements MigrationInterface {
  name = 'StationIdentity1764530000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE stations ADD COLUMN website_url text NULL, ADD COLUMN contact text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE stations DROP COLUMN website_url, DROP COLUMN contact');
  }
}
