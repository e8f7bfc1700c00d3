import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Producers' tags on assets (genre, mood, language…), which smart playlists select by. */
export class AssetTags1764540000401 implements MigrationInterface {
  name = 'AssetTags1764540000401';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE assets ADD COLUMN tags text[] NOT NULL DEFAULT '{}'");
    await queryRunner.query('CREATE INDEX assets_tags ON assets USING gin (tags)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE assets DROP COLUMN tags');
  }
}
