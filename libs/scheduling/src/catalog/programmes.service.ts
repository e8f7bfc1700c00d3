import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser, StationAccess } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { isPgError, isStillReferenced, PgErrorCode } from '@siaran/database';
import { Clock } from '@siaran/time';
import { ScheduleErrorCode } from '../schedule-errors';
import { ScheduleChanges } from '../schedule-changes';
import { actorOf, programmeSnapshot } from './catalog-views';
import { ProgrammeEntity } from './entities';
import { definedOnly } from './stations.service';

export interface ProgrammeInput {
  stationId: string;
  title: string;
  description?: string | null;
  host?: string | null;
  category?: string | null;
  artworkUrl?: string | null;
  language?: string;
}

export type ProgrammeChanges = Partial<Omit<ProgrammeInput, 'stationId'>>;

/** Shows of a station: admins and the station's producers manage them. */
@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly changes: ScheduleChanges,
    private readonly access: StationAccess,
  ) {}

  list(stationId?: string): Promise<ProgrammeEntity[]> {
    return this.dataSource
      .getRepository(ProgrammeEntity)
      .find({ where: stationId ? { stationId } : {}, order: { title: 'ASC' } });
  }

  async get(id: string): Promise<ProgrammeEntity> {
    const programme = await this.dataSource.getRepository(ProgrammeEntity).findOneBy({ id });
    if (!programme) throw new DomainError('not-found', ScheduleErrorCode.ProgrammeNotFound, `No programme ${id}`);
    return programme;
  }

  async create(user: AuthUser, input: ProgrammeInput): Promise<ProgrammeEntity> {
    this.access.assertCanManageStation(user, input.stationId);
    const now = this.clock.now();
    const programme: ProgrammeEntity = {
      id: randomUUID(),
      stationId: input.stationId,
      title: input.title,
      description: input.description ?? null,
      host: input.host ?? null,
      category: input.category ?? null,
      artworkUrl: input.artworkUrl ?? null,
      language: input.language ?? 'id',
      createdAt: now,
      updatedAt: now,
    };
    return this.write(async (manager) => {
      await manager.insert(ProgrammeEntity, programme);
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'create',
        entityType: 'programme',
        entityId: programme.id,
        stationId: programme.stationId,
        newValue: programmeSnapshot(programme),
      });
      return programme;
    });
  }

  async update(user: AuthUser, id: string, changes: ProgrammeChanges): Promise<ProgrammeEntity> {
    return this.write(async (manager) => {
      const programme = await this.lock(manager, id, user);
      const before = programmeSnapshot(programme);
      Object.assign(programme, definedOnly(changes), { updatedAt: this.clock.now() });
      await manager.save(ProgrammeEntity, programme);
      // What the channels airing it show has changed: their cached schedules are stale.
      await manager.query(
        `UPDATE channels SET schedule_version = schedule_version + 1
          WHERE id IN (SELECT channel_id FROM schedule_entries WHERE programme_id = $1
                       UNION SELECT e.channel_id FROM schedule_exceptions x JOIN schedule_entries e ON e.id = x.entry_id WHERE x.programme_id = $1)`,
        [id],
      );
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'update',
        entityType: 'programme',
        entityId: id,
        stationId: programme.stationId,
        oldValue: before,
        newValue: programmeSnapshot(programme),
      });
      return programme;
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.write(async (manager) => {
      const programme = await this.lock(manager, id, user);
      await manager.delete(ProgrammeEntity, { id });
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'delete',
        entityType: 'programme',
        entityId: id,
        stationId: programme.stationId,
        oldValue: programmeSnapshot(programme),
      });
    });
  }

  private async lock(manager: EntityManager, id: string, user: AuthUser): Promise<ProgrammeEntity> {
    const programme = await manager.findOne(ProgrammeEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!programme) throw new DomainError('not-found', ScheduleErrorCode.ProgrammeNotFound, `No programme ${id}`);
    this.access.assertCanManageStation(user, programme.stationId);
    return programme;
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.changes.after(this.dataSource.transaction(work));
    } catch (error) {
      if (isPgError(error, PgErrorCode.ForeignKeyViolation, 'programmes_station_id_fkey'))
        throw new DomainError('not-found', ScheduleErrorCode.StationNotFound, 'No such station');
      if (
        isStillReferenced(error, 'schedule_entries_programme_id_fkey') ||
        isStillReferenced(error, 'schedule_exceptions_programme_id_fkey')
      ) {
        throw new DomainError(
          'conflict',
          ScheduleErrorCode.ProgrammeStillScheduled,
          'The programme is still scheduled; delete or change its schedule entries first',
        );
      }
      throw error;
    }
  }
}
