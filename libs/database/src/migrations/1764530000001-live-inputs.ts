import { type MigrationInterface, type QueryRunner } from 'typeorm';

const MOUNT_CHECK = "mount ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(mount) <= 63";

/**
 * A channel's live inputs: studios pushing RTMP, SRT or Icecast, or a relay pulling another
 * station. Each kind keeps only its own fields; secrets are stored encrypted (LIVE_SECRETS_KEY).
 * Schedule entries and their changed occurrences may air an input.
 */
export class LiveInputs1764530000001 implements MigrationInterface {
  name = 'LiveInputs1764530000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE live_inputs (
        id uuid PRIMARY KEY,
        channel_id uuid NOT NULL CONSTRAINT live_inputs_channel_id_fkey REFERENCES channels (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('rtmp', 'srt', 'icecast', 'relay')),
        enabled boolean NOT NULL DEFAULT true,
        air_when_connected boolean NOT NULL DEFAULT false,
        outside_slots text NOT NULL DEFAULT 'standby' CHECK (outside_slots IN ('refuse', 'standby')),
        secret_ciphertext text,
        srt_port integer CONSTRAINT live_inputs_srt_port_key UNIQUE CHECK (srt_port BETWEEN 1 AND 65535),
        mount text CONSTRAINT live_inputs_mount_key UNIQUE CHECK (${MOUNT_CHECK}),
        url text CHECK (length(url) <= 2000),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT live_inputs_fields_match_kind CHECK (
          (kind = 'rtmp' AND secret_ciphertext IS NOT NULL AND srt_port IS NULL AND mount IS NULL AND url IS NULL)
          OR (kind = 'srt' AND secret_ciphertext IS NOT NULL AND srt_port IS NOT NULL AND mount IS NULL AND url IS NULL)
          OR (kind = 'icecast' AND secret_ciphertext IS NOT NULL AND srt_port IS NULL AND mount IS NOT NULL AND url IS NULL)
          OR (kind = 'relay' AND secret_ciphertext IS NULL AND srt_port IS NULL AND mount IS NULL AND url IS NOT NULL))
      )`);
    await queryRunner.query('CREATE INDEX live_inputs_channel ON live_inputs (channel_id, created_at, id)');
    // An input is deleted only when nothing airs it (the API answers 409 INPUT_IN_USE).
    await queryRunner.query(
      'ALTER TABLE schedule_entries ADD CONSTRAINT schedule_entries_source_live_input_id_fkey FOREIGN KEY (source_live_input_id) REFERENCES live_inputs (id) ON DELETE RESTRICT',
    );
    await queryRunner.query(
      'ALTER TABLE schedule_exceptions ADD CONSTRAINT schedule_exceptions_source_live_input_id_fkey FOREIGN KEY (source_live_input_id) REFERENCES live_inputs (id) ON DELETE RESTRICT',
    );
    await queryRunner.query(
      'CREATE INDEX schedule_entries_source_live_input_id ON schedule_entries (source_live_input_id) WHERE source_live_input_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX schedule_exceptions_source_live_input_id ON schedule_exceptions (source_live_input_id) WHERE source_live_input_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX schedule_exceptions_source_live_input_id');
    await queryRunner.query('DROP INDEX schedule_entries_source_live_input_id');
    await queryRunner.query(
      'ALTER TABLE schedule_exceptions DROP CONSTRAINT schedule_exceptions_source_live_input_id_fkey',
    );
    await queryRunner.query('ALTER TABLE schedule_entries DROP CONSTRAINT schedule_entries_source_live_input_id_fkey');
    await queryRunner.query('DROP TABLE live_inputs');
  }
}
