import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Emergency overrides (the emergency context's), their generated bulletins, the role that
 * issues them, and override items in playout's as-run log (keyed `emergency:<id>`).
 */
export class EmergencyOverrides1764530000700 implements MigrationInterface {
  name = 'EmergencyOverrides1764530000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE emergency_overrides (
        id uuid PRIMARY KEY,
        scope_kind text NOT NULL CHECK (scope_kind IN ('all', 'stations', 'channels')),
        scope_ids uuid[] NOT NULL DEFAULT '{}',
        mode text NOT NULL CHECK (mode IN ('takeover', 'crawl')),
        source_kind text CHECK (source_kind IN ('asset', 'live', 'generated')),
        source_asset_id uuid,
        source_live_input_id uuid,
        message_id text NOT NULL,
        message_en text,
        message_version integer NOT NULL DEFAULT 1,
        severity text NOT NULL CHECK (severity IN ('minor', 'moderate', 'severe', 'extreme')),
        starts_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        needs_confirmation boolean NOT NULL,
        confirmed_at timestamptz,
        confirmed_by uuid,
        confirmed_by_email text,
        created_by uuid,
        created_by_email text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT emergency_overrides_expiry_after_start CHECK (expires_at > starts_at),
        CONSTRAINT emergency_overrides_takeover_has_source CHECK ((mode = 'takeover') = (source_kind IS NOT NULL)),
        CONSTRAINT emergency_overrides_source_matches_kind CHECK (
          (source_kind = 'asset') = (source_asset_id IS NOT NULL) AND (source_kind = 'live') = (source_live_input_id IS NOT NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX emergency_overrides_span ON emergency_overrides (expires_at, starts_at) WHERE ended_at IS NULL',
    );
    await queryRunner.query(`
      CREATE TABLE emergency_bulletins (
        override_id uuid NOT NULL REFERENCES emergency_overrides (id) ON DELETE CASCADE,
        preset text NOT NULL,
        message_version integer NOT NULL,
        asset_id uuid,
        failure text,
        claimed_at timestamptz NOT NULL,
        PRIMARY KEY (override_id, preset, message_version)
      )`);
    // The area a station serves (a polygon of [latitude, longitude] points), matched against CAP alert areas.
    await queryRunner.query(`
      CREATE TABLE station_service_areas (
        station_id uuid PRIMARY KEY REFERENCES stations (id) ON DELETE CASCADE,
        polygon jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Every CAP message taken, by sender and identifier: duplicates are refused, updates and cancels find their override.
    await queryRunner.query(`
      CREATE TABLE emergency_cap_messages (
        sender text NOT NULL,
        identifier text NOT NULL,
        msg_type text NOT NULL,
        override_id uuid NOT NULL REFERENCES emergency_overrides (id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (sender, identifier)
      )`);
    await queryRunner.query('ALTER TABLE users DROP CONSTRAINT users_role_known');
    await queryRunner.query(
      "ALTER TABLE users ADD CONSTRAINT users_role_known CHECK (role IN ('admin', 'producer', 'engineer', 'emergency-operator'))",
    );
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_kind_known');
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_kind_known CHECK (kind IN ('programme', 'filler', 'live', 'emergency'))",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM aired_items WHERE kind = 'emergency'");
    await queryRunner.query('ALTER TABLE aired_items DROP CONSTRAINT aired_items_kind_known');
    await queryRunner.query(
      "ALTER TABLE aired_items ADD CONSTRAINT aired_items_kind_known CHECK (kind IN ('programme', 'filler', 'live'))",
    );
    await queryRunner.query("UPDATE users SET role = 'engineer' WHERE role = 'emergency-operator'");
    await queryRunner.query('ALTER TABLE users DROP CONSTRAINT users_role_known');
    await queryRunner.query(
      "ALTER TABLE users ADD CONSTRAINT users_role_known CHECK (role IN ('admin', 'producer', 'engineer'))",
    );
    await queryRunner.query('DROP TABLE emergency_cap_messages');
    await queryRunner.query('DROP TABLE station_service_areas');
    await queryRunner.query('DROP TABLE emergency_bulletins');
    await queryRunner.query('DROP TABLE emergency_overrides');
  }
}
