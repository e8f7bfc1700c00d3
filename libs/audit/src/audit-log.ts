import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@siaran/time';

export type AuditAction = 'create' | 'update' | 'delete';
export type AuditEntityType =
  | 'user'
  | 'station'
  | 'channel'
  | 'programme'
  | 'schedule_entry'
  | 'schedule_exception'
  | 'live_input'
  | 'playlist'
  | 'emergency_override';

/** Who changed something; `id` null for the system itself (demo data). */
export interface AuditActor {
  id: string | null;
  email: string;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, email: 'system' };

export interface AuditChange {
  actor: AuditActor;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  stationId: string | null;
  oldValue?: object;
  newValue?: object;
}

export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  stationId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export interface AuditQuery {
  entityType?: AuditEntityType;
  entityId?: string;
  stationId?: string;
  actorId?: string;
  /** Entries older than this id (the page before). */
  before?: string;
  limit: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_email: string;
  action: AuditAction;
  entity_type: AuditEntityType;
  entity_id: string;
  station_id: string | null;
  old_value: unknown;
  new_value: unknown;
}

/** Who changed what, when, from what to what. Written inside the change's own transaction: a refused change leaves no trace. */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, change: AuditChange): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (at, actor_id, actor_email, action, entity_type, entity_id, station_id, old_value, new_value)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        this.clock.now(),
        change.actor.id,
        change.actor.email,
        change.action,
        change.entityType,
        change.entityId,
        change.stationId,
        change.oldValue === undefined ? null : JSON.stringify(change.oldValue),
        change.newValue === undefined ? null : JSON.stringify(change.newValue),
      ],
    );
  }

  /** The ids of the entities of a type that the system itself created (the demo data), oldest first. */
  async createdBySystem(entityType: AuditEntityType): Promise<string[]> {
    const rows: Array<{ entity_id: string }> = await this.dataSource.query(
      `SELECT entity_id FROM audit_log
        WHERE entity_type = $1 AND action = 'create' AND actor_id IS NULL AND actor_email = $2
        ORDER BY id`,
      [entityType, SYSTEM_ACTOR.email],
    );
    return rows.map((row) => row.entity_id);
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.entityType) where('entity_type = ?', query.entityType);
    if (query.entityId) where('entity_id = ?', query.entityId);
    if (query.stationId) where('station_id = ?', query.stationId);
    if (query.actorId) where('actor_id = ?', query.actorId);
    if (query.before) where('id < ?', query.before);
    values.push(query.limit);
    // Ordered by the bigint column, not by the text it is selected as ("10" < "6").
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id::text, at, actor_id, actor_email, action, entity_type, entity_id, station_id, old_value, new_value
         FROM audit_log ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY audit_log.id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      actorEmail: row.actor_email,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      stationId: row.station_id,
      oldValue: row.old_value,
      newValue: row.new_value,
    }));
  }
}
