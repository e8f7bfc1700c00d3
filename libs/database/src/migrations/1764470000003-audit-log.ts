import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AuditLog1764470000003 implements MigrationInterface {
  name = 'AuditLog1764470000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign keys to the things changed: the log outlives them. The actor's e-mail is kept for the same reason.
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id uuid CONSTRAINT audit_log_actor_id_fkey REFERENCES users (id) ON DELETE SET NULL,
        actor_email text NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        station_id uuid,
        old_value jsonb,
        new_value jsonb,
        CONSTRAINT audit_log_values_match_action CHECK (
          (action = 'create' AND old_value IS NULL AND new_value IS NOT NULL)
          OR (action = 'update' AND old_value IS NOT NULL AND new_value IS NOT NULL)
          OR (action = 'delete' AND old_value IS NOT NULL AND new_value IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id)');
    await queryRunner.query('CREATE INDEX audit_log_station ON audit_log (station_id, id)');
    await queryRunner.query('CREATE INDEX audit_log_actor ON audit_log (actor_id, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_log');
  }
}
