import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Assets belong to stations; schedule entries and their exceptions may air an asset. */
export class AssetReferences1764480000002 implements MigrationInterface {
  name = 'AssetReferences1764480000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE assets ADD CONSTRAINT assets_station_id_fkey FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE RESTRICT',
    );
    // An asset is deleted only when nothing airs it (the API answers 409 ASSET_SCHEDULED first).
    await queryRunner.query(
      'ALTER TABLE schedule_entries ADD CONSTRAINT schedule_entries_source_asset_id_fkey FOREIGN KEY (source_asset_id) REFERENCES assets (id) ON DELETE RESTRICT',
    );
    await queryRunner.query(
      'ALTER TABLE schedule_exceptions ADD CONSTRAINT schedule_exceptions_source_asset_id_fkey FOREIGN KEY (source_asset_id) REFERENCES assets (id) ON DELETE RESTRICT',
    );
    await queryRunner.query(
      'CREATE INDEX schedule_entries_source_asset_id ON schedule_entries (source_asset_id) WHERE source_asset_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX schedule_exceptions_source_asset_id ON schedule_exceptions (source_asset_id) WHERE source_asset_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX schedule_exceptions_source_asset_id');
    await queryRunner.query('DROP INDEX schedule_entries_source_asset_id');
    await queryRunner.query('ALTER TABLE schedule_exceptions DROP CONSTRAINT schedule_exceptions_source_asset_id_fkey');
    await queryRunner.query('ALTER TABLE schedule_entries DROP CONSTRAINT schedule_entries_source_asset_id_fkey');
    await queryRunner.query('ALTER TABLE assets DROP CONSTRAINT assets_station_id_fkey');
  }
}
