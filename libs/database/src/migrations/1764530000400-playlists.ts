import { type MigrationInterface, type QueryRunner } from 'typeorm';

const SOURCE_CHECK = `
  (source_kind = 'none' AND source_asset_id IS NULL AND source_live_input_id IS NULL AND source_playlist_id IS NULL)
  OR (source_kind = 'asset' AND source_asset_id IS NOT NULL AND source_live_input_id IS NULL AND source_playlist_id IS NULL)
  OR (source_kind = 'live' AND source_live_input_id IS NOT NULL AND source_asset_id IS NULL AND source_playlist_id IS NULL)
  OR (source_kind = 'playlist' AND source_playlist_id IS NOT NULL AND source_asset_id IS NULL AND source_live_input_id IS NULL)`;

/**
 * Playlists of a station (their items: assets or other playlists), schedule entries and
 * occurrences airing a playlist (with its inserts), song metadata of assets, and the song of
 * each aired item for now-playing and the per-song reports.
 */
export class Playlists1764530000400 implements MigrationInterface {
  name = 'Playlists1764530000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE playlists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        station_id uuid NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        name text NOT NULL,
        play_order text NOT NULL CHECK (play_order IN ('in-order', 'shuffled', 'weighted')),
        item_separation_minutes integer CHECK (item_separation_minutes BETWEEN 0 AND 10080),
        artist_separation_minutes integer CHECK (artist_separation_minutes BETWEEN 0 AND 10080),
        kind_limits_per_hour jsonb NOT NULL DEFAULT '{}',
        -- A smart playlist chooses its items by this query instead of a fixed list.
        smart_query jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT playlists_name_per_station UNIQUE (station_id, name)
      )`);
    // An asset deleted leaves every playlist it was in; a playlist another one contains cannot be deleted.
    await queryRunner.query(`
      CREATE TABLE playlist_items (
        playlist_id uuid NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        asset_id uuid REFERENCES assets (id) ON DELETE CASCADE,
        child_playlist_id uuid REFERENCES playlists (id) ON DELETE RESTRICT,
        weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),
        PRIMARY KEY (playlist_id, position),
        CONSTRAINT playlist_items_asset_or_playlist CHECK ((asset_id IS NULL) <> (child_playlist_id IS NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX playlist_items_asset_id ON playlist_items (asset_id) WHERE asset_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX playlist_items_child_playlist_id ON playlist_items (child_playlist_id) WHERE child_playlist_id IS NOT NULL',
    );
    for (const table of ['schedule_entries', 'schedule_exceptions']) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN source_playlist_id uuid CONSTRAINT ${table}_source_playlist_id_fkey REFERENCES playlists (id) ON DELETE RESTRICT,
          ADD COLUMN source_inserts jsonb,
          DROP CONSTRAINT ${table}_source_kind_check,
          ADD CONSTRAINT ${table}_source_kind_check CHECK (source_kind IN ('none', 'asset', 'live', 'playlist')),
          DROP CONSTRAINT ${table}_source_matches_kind`);
      await queryRunner.query(
        `CREATE INDEX ${table}_source_playlist_id ON ${table} (source_playlist_id) WHERE source_playlist_id IS NOT NULL`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE schedule_entries ADD CONSTRAINT schedule_entries_source_matches_kind CHECK (${SOURCE_CHECK})`,
    );
    await queryRunner.query(`
      ALTER TABLE schedule_exceptions ADD CONSTRAINT schedule_exceptions_source_matches_kind CHECK (
        (source_kind IS NULL AND source_asset_id IS NULL AND source_live_input_id IS NULL AND source_playlist_id IS NULL)
        OR ${SOURCE_CHECK.trim()})`);
    // Artist, title, album, ISRC and artwork, as read from the file's tags and edited since.
    await queryRunner.query('ALTER TABLE assets ADD COLUMN song jsonb');
    // The playlist is kept by id only: the as-run log outlives it.
    await queryRunner.query(
      'ALTER TABLE aired_items ADD COLUMN song jsonb, ADD COLUMN playlist_id uuid, ADD COLUMN block_index integer',
    );
    // now-playing's song history and the per-song reports read only the items with a song.
    await queryRunner.query(
      'CREATE INDEX aired_items_channel_songs ON aired_items (channel_id, started_at) WHERE song IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE aired_items DROP COLUMN block_index, DROP COLUMN playlist_id, DROP COLUMN song',
    );
    await queryRunner.query('ALTER TABLE assets DROP COLUMN song');
    for (const table of ['schedule_entries', 'schedule_exceptions']) {
      await queryRunner.query(`DELETE FROM ${table} WHERE source_kind = 'playlist'`);
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_source_matches_kind,
          DROP CONSTRAINT ${table}_source_kind_check,
          ADD CONSTRAINT ${table}_source_kind_check CHECK (source_kind IN ('none', 'asset', 'live')),
          DROP COLUMN source_inserts,
          DROP COLUMN source_playlist_id`);
    }
    const oldCheck = `
      (source_kind = 'none' AND source_asset_id IS NULL AND source_live_input_id IS NULL)
      OR (source_kind = 'asset' AND source_asset_id IS NOT NULL AND source_live_input_id IS NULL)
      OR (source_kind = 'live' AND source_live_input_id IS NOT NULL AND source_asset_id IS NULL)`;
    await queryRunner.query(
      `ALTER TABLE schedule_entries ADD CONSTRAINT schedule_entries_source_matches_kind CHECK (${oldCheck})`,
    );
    await queryRunner.query(`
      ALTER TABLE schedule_exceptions ADD CONSTRAINT schedule_exceptions_source_matches_kind CHECK (
        (source_kind IS NULL AND source_asset_id IS NULL AND source_live_input_id IS NULL) OR ${oldCheck.trim()})`);
    await queryRunner.query('DROP TABLE playlist_items');
    await queryRunner.query('DROP TABLE playlists');
  }
}
