import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A channel's filler is playout's to keep, beside its slate: scheduling's `channels` table no
 * longer holds it. Not every channel has a `channel_playout` row yet, so one is made for each
 * channel with a filler.
 */
export class ChannelFillerInPlayout1764520000001 implements MigrationInterface {
  name = 'ChannelFillerInPlayout1764520000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE channel_playout ADD COLUMN filler_asset_id uuid REFERENCES assets (id) ON DELETE SET NULL',
    );
    await queryRunner.query(`
      INSERT INTO channel_playout (channel_id, filler_asset_id, updated_at)
      SELECT id, filler_asset_id, now() FROM channels WHERE filler_asset_id IS NOT NULL
      ON CONFLICT (channel_id) DO UPDATE SET filler_asset_id = EXCLUDED.filler_asset_id`);
    await queryRunner.query('ALTER TABLE channels DROP COLUMN filler_asset_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE channels ADD COLUMN filler_asset_id uuid REFERENCES assets (id) ON DELETE SET NULL',
    );
    await queryRunner.query(
      'UPDATE channels c SET filler_asset_id = p.filler_asset_id FROM channel_playout p WHERE p.channel_id = c.id AND p.filler_asset_id IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE channel_playout DROP COLUMN filler_asset_id');
  }
}
