import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A channel's filler may be a playlist, aired item after item, instead of one looped asset. */
export class FillerPlaylist1764540000400 implements MigrationInterface {
  name = 'FillerPlaylist1764540000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE channel_playout ADD COLUMN filler_playlist_id uuid REFERENCES playlists (id) ON DELETE SET NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE channel_playout DROP COLUMN filler_playlist_id');
  }
}
