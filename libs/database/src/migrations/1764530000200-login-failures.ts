import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Wrong passwords in a row per account e-mail, and until when the account is locked. In the
 * database, not in memory: every API replica and every restart sees the same count.
 */
export class LoginFailures1764530000200 implements MigrationInterface {
  name = 'LoginFailures1764530000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE login_failures (
      email text PRIMARY KEY,
      failures integer NOT NULL,
      locked_until timestamptz NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE login_failures');
  }
}
