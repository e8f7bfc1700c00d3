import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Accounts1764470000001 implements MigrationInterface {
  name = 'Accounts1764470000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)) AND email LIKE '_%@_%'),
        display_name text,
        password_hash text NOT NULL,
        role text NOT NULL CONSTRAINT users_role_known CHECK (role IN ('admin', 'producer', 'engineer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email)
      )`);
    // The foreign key to stations comes with the stations table.
    await queryRunner.query(`
      CREATE TABLE user_stations (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        station_id uuid NOT NULL,
        PRIMARY KEY (user_id, station_id)
      )`);
    await queryRunner.query('CREATE INDEX user_stations_station_id ON user_stations (station_id)');
    await queryRunner.query(`
      CREATE TABLE auth_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL CONSTRAINT auth_tokens_token_hash_key UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT auth_tokens_expiry_after_creation CHECK (expires_at > created_at)
      )`);
    await queryRunner.query('CREATE INDEX auth_tokens_user_id ON auth_tokens (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE auth_tokens');
    await queryRunner.query('DROP TABLE user_stations');
    await queryRunner.query('DROP TABLE users');
  }
}
