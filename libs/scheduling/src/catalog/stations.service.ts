import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser } from '@siaran/auth';
import { isPgError, isStillReferenced, PgErrorCode } from '@siaran/database';
import { ApiError } from '@siaran/http';
import { Clock } from '@siaran/time';
import { ScheduleErrorCode } from '../schedule-errors';
import { actorOf, stationSnapshot } from './catalog-views';
import { ChannelEntity, StationEntity } from './entities';

export interface StationInput {
  slug: string;
  name: string;
  description?: string | null;
}

export interface StationView extends StationEntity {
  channels: Array<Pick<ChannelEntity, 'id' | 'slug' | 'name' | 'kind'>>;
}

/** Broadcaster organisations; created and changed by admins. */
@Injectable()
export class StationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** Every station with its public channels. */
  async list(): Promise<StationView[]> {
    const [stations, channels] = await Promise.all([
      this.dataSource.getRepository(StationEntity).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(ChannelEntity).find({ where: { isPublic: true }, order: { name: 'ASC' } }),
    ]);
    return stations.map((station) => ({
      ...station,
      channels: channels.filter((c) => c.stationId === station.id).map(({ id, slug, name, kind }) => ({ id, slug, name, kind })),
    }));
  }

  async create(user: AuthUser, input: StationInput): Promise<StationEntity> {
    const now = this.clock.now();
    const station: StationEntity = { id: randomUUID(), slug: input.slug, name: input.name, description: input.description ?? null, createdAt: now, updatedAt: now };
    return this.write(async (manager) => {
      await manager.insert(StationEntity, station);
      await this.audit.record(manager, { actor: actorOf(user), action: 'create', entityType: 'station', entityId: station.id, stationId: station.id, newValue: stationSnapshot(station) });
      return station;
    });
  }

  async update(user: AuthUser, id: string, changes: Partial<StationInput>): Promise<StationEntity> {
    return this.write(async (manager) => {
      const station = await this.find(manager, id);
      const before = stationSnapshot(station);
      Object.assign(station, definedOnly(changes), { updatedAt: this.clock.now() });
      await manager.save(StationEntity, station);
      await this.audit.record(manager, { actor: actorOf(user), action: 'update', entityType: 'station', entityId: id, stationId: id, oldValue: before, newValue: stationSnapshot(station) });
      return station;
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.write(async (manager) => {
      const station = await this.find(manager, id);
      await manager.delete(StationEntity, { id });
      await this.audit.record(manager, { actor: actorOf(user), action: 'delete', entityType: 'station', entityId: id, stationId: id, oldValue: stationSnapshot(station) });
    });
  }

  private async find(manager: EntityManager, id: string): Promise<StationEntity> {
    const station = await manager.findOne(StationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!station) throw new ApiError(404, ScheduleErrorCode.StationNotFound, `No station ${id}`);
    return station;
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'stations_slug_key')) throw new ApiError(409, ScheduleErrorCode.SlugTaken, 'Another station has this slug');
      if (isStillReferenced(error, 'channels_station_id_fkey')) {
        throw new ApiError(409, ScheduleErrorCode.StationHasChannels, 'The station still has channels; delete them first');
      }
      if (isStillReferenced(error, 'programmes_station_id_fkey')) {
        throw new ApiError(409, ScheduleErrorCode.StationHasProgrammes, 'The station still has programmes; delete them first');
      }
      throw error;
    }
  }
}

/** The fields a PATCH gave; undefined means "leave as it is". */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
