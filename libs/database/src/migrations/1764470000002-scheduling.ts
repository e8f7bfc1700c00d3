import { type MigrationInterface, type QueryRunner } from 'typeorm';

const SLUG_CHECK = (column: string) => `${column} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(${column}) <= 63`;

const SOURCE_CHECK = `
  (source_kind = 'none' AND source_asset_id IS NULL AND source_live_input_id IS NULL)
  OR (source_kind = 'asset' AND source_asset_id IS NOT NULL AND source_live_input_id IS NULL)
  OR (source_kind = 'live' AND source_live_input_id IS NOT NULL AND source_asset_id IS NULL)`;

export class Scheduling1764470000002 implements MigrationInterface {
  name = 'Scheduling1764470000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CONSTRAINT stations_slug_key UNIQUE CONSTRAINT stations_slug_format CHECK (${SLUG_CHECK('slug')}),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Station ids given to users before stations existed point nowhere.
    await queryRunner.query('DELETE FROM user_stations');
    await queryRunner.query(`
      ALTER TABLE user_stations ADD CONSTRAINT user_stations_station_id_fkey
        FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE CASCADE`);

    await queryRunner.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        station_id uuid NOT NULL CONSTRAINT channels_station_id_fkey REFERENCES stations (id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('tv', 'radio')),
        slug text NOT NULL CONSTRAINT channels_slug_key UNIQUE CONSTRAINT channels_slug_format CHECK (${SLUG_CHECK('slug')}),
        name text NOT NULL CHECK (btrim(name) <> ''),
        logo_url text,
        description text,
        timezone text NOT NULL DEFAULT 'Asia/Jakarta',
        language text NOT NULL DEFAULT 'id',
        ladder_preset text NOT NULL,
        is_public boolean NOT NULL DEFAULT true,
        -- Raised by every change to what the channel airs; readers cache expansions by it.
        schedule_version bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX channels_station_id ON channels (station_id)');

    await queryRunner.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        station_id uuid NOT NULL CONSTRAINT programmes_station_id_fkey REFERENCES stations (id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (btrim(title) <> ''),
        description text,
        host text,
        category text,
        artwork_url text,
        language text NOT NULL DEFAULT 'id',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX programmes_station_id_title ON programmes (station_id, title)');

    // start_local and the other *_local columns are wall-clock times in the channel's zone.
    await queryRunner.query(`
      CREATE TABLE schedule_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL CONSTRAINT schedule_entries_channel_id_fkey REFERENCES channels (id) ON DELETE RESTRICT,
        programme_id uuid NOT NULL CONSTRAINT schedule_entries_programme_id_fkey REFERENCES programmes (id) ON DELETE RESTRICT,
        start_local timestamp(0) NOT NULL,
        duration_seconds integer NOT NULL CHECK (duration_seconds BETWEEN 1 AND 86400),
        rrule text,
        -- The last occurrence's start, from COUNT or UNTIL; NULL while the series has no end.
        last_start_local timestamp(0),
        -- Earliest start and latest end of any occurrence (overrides included), for range reads.
        span_start timestamptz NOT NULL,
        span_end timestamptz,
        source_kind text NOT NULL DEFAULT 'none' CHECK (source_kind IN ('none', 'asset', 'live')),
        source_asset_id uuid,
        source_live_input_id uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT schedule_entries_source_matches_kind CHECK (${SOURCE_CHECK}),
        CONSTRAINT schedule_entries_single_ends_at_start CHECK (rrule IS NOT NULL OR last_start_local = start_local),
        CONSTRAINT schedule_entries_last_after_first CHECK (last_start_local IS NULL OR last_start_local >= start_local),
        CONSTRAINT schedule_entries_span_order CHECK (span_end IS NULL OR span_end > span_start)
      )`);
    await queryRunner.query('CREATE INDEX schedule_entries_channel_span ON schedule_entries (channel_id, span_start)');
    await queryRunner.query('CREATE INDEX schedule_entries_programme_id ON schedule_entries (programme_id)');

    await queryRunner.query(`
      CREATE TABLE schedule_exceptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL CONSTRAINT schedule_exceptions_entry_id_fkey REFERENCES schedule_entries (id) ON DELETE CASCADE,
        original_start_local timestamp(0) NOT NULL,
        cancelled boolean NOT NULL,
        start_local timestamp(0),
        duration_seconds integer CHECK (duration_seconds BETWEEN 1 AND 86400),
        -- NULL: as the series.
        programme_id uuid CONSTRAINT schedule_exceptions_programme_id_fkey REFERENCES programmes (id) ON DELETE RESTRICT,
        source_kind text CHECK (source_kind IN ('none', 'asset', 'live')),
        source_asset_id uuid,
        source_live_input_id uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT schedule_exceptions_one_per_occurrence UNIQUE (entry_id, original_start_local),
        CONSTRAINT schedule_exceptions_cancelled_or_override CHECK (
          (cancelled AND start_local IS NULL AND duration_seconds IS NULL AND programme_id IS NULL AND source_kind IS NULL)
          OR (NOT cancelled AND start_local IS NOT NULL AND duration_seconds IS NOT NULL)),
        CONSTRAINT schedule_exceptions_source_matches_kind CHECK (
          (source_kind IS NULL AND source_asset_id IS NULL AND source_live_input_id IS NULL) OR ${SOURCE_CHECK.trim()})
      )`);
    await queryRunner.query(
      'CREATE INDEX schedule_exceptions_programme_id ON schedule_exceptions (programme_id) WHERE programme_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE schedule_exceptions');
    await queryRunner.query('DROP TABLE schedule_entries');
    await queryRunner.query('DROP TABLE programmes');
    await queryRunner.query('DROP TABLE channels');
    await queryRunner.query('ALTER TABLE user_stations DROP CONSTRAINT user_stations_station_id_fkey');
    await queryRunner.query('DROP TABLE stations');
  }
}
