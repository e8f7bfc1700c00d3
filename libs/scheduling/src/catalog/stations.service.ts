import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { isPgError, isStillReferenced, PgErrorCode } from '@siaran/database';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { ScheduleErrorCode } from '../schedule-errors';
import { actorOf, stationLogoUrl, stationSnapshot } from './catalog-views';
import { ChannelEntity, StationEntity } from './entities';

export interface StationInput {
  slug: string;
  name: string;
  description?: string | null;
  websiteUrl?: string | null;
  contact?: string | null;
}

/** A station as the API shows it. */
export interface StationDetails extends StationEntity {
  logoUrl: string | null;
}

export interface StationView extends StationDetails {
  channels: Array<Pick<ChannelEntity, 'id' | 'slug' | 'name' | 'kind'>>;
}

/** Broadcaster organisations; created and changed by admins. */
@Injectable()
export class StationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
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
      ...this.details(station),
      channels: channels
        .filter((c) => c.stationId === station.id)
        .map(({ id, slug, name, kind }) => ({ id, slug, name, kind })),
    }));
  }

  /** The ladder presets of a station's channels; null when there is no such station. */
  async ladderPresetsOf(stationId: string): Promise<string[] | null> {
    const [row] = await this.dataSource.query(
      `SELECT s.id, coalesce(array_agg(DISTINCT c.ladder_preset) FILTER (WHERE c.id IS NOT NULL), '{}') AS presets
       FROM stations s LEFT JOIN channels c ON c.station_id = s.id WHERE s.id = $1 GROUP BY s.id`,
      [stationId],
    );
    return row ? (row.presets as string[]) : null;
  }

  async create(user: AuthUser, input: StationInput): Promise<StationDetails> {
    const now = this.clock.now();
    const station: StationEntity = {
      id: randomUUID(),
      slug: input.slug,
      name: input.name,
      description: input.description ?? null,
      websiteUrl: input.websiteUrl ?? null,
      contact: input.contact ?? null,
      logoUpdatedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    return this.details(
      await this.write(async (manager) => {
        await manager.insert(StationEntity, station);
        await this.audit.record(manager, {
          actor: actorOf(user),
          action: 'create',
          entityType: 'station',
          entityId: station.id,
          stationId: station.id,
          newValue: stationSnapshot(station),
        });
        return station;
      }),
    );
  }

  async update(user: AuthUser, id: string, changes: Partial<StationInput>): Promise<StationDetails> {
    return this.details(
      await this.write(async (manager) => {
        const station = await this.find(manager, id);
        const before = stationSnapshot(station);
        Object.assign(station, definedOnly(changes), { updatedAt: this.clock.now() });
        await manager.save(StationEntity, station);
        await this.audit.record(manager, {
          actor: actorOf(user),
          action: 'update',
          entityType: 'station',
          entityId: id,
          stationId: id,
          oldValue: before,
          newValue: stationSnapshot(station),
        });
        return station;
      }),
    );
  }

  /** The logo goes with the station, once the row is gone. */
  async remove(user: AuthUser, id: string): Promise<void> {
    const removed = await this.write(async (manager) => {
      const station = await this.find(manager, id);
      await manager.delete(StationEntity, { id });
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'delete',
        entityType: 'station',
        entityId: id,
        stationId: id,
        oldValue: stationSnapshot(station),
      });
      return station;
    });
    if (removed.logoUpdatedAt) await this.storage.remove([StorageKeys.stationLogo(id)]);
  }

  private details(station: StationEntity): StationDetails {
    return { ...station, logoUrl: stationLogoUrl(this.config.publicBaseUrl, station) };
  }

  private async find(manager: EntityManager, id: string): Promise<StationEntity> {
    const station = await manager.findOne(StationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!station) throw new DomainError('not-found', ScheduleErrorCode.StationNotFound, `No station ${id}`);
    return station;
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'stations_slug_key'))
        throw new DomainError('conflict', ScheduleErrorCode.SlugTaken, 'Another station has this slug');
      if (isStillReferenced(error, 'channels_station_id_fkey')) {
        throw new DomainError(
          'conflict',
          ScheduleErrorCode.StationHasChannels,
          'The station still has channels; delete them first',
        );
      }
      if (isStillReferenced(error, 'programmes_station_id_fkey')) {
        throw new DomainError(
          'conflict',
          ScheduleErrorCode.StationHasProgrammes,
          'The station still has programmes; delete them first',
        );
      }
      throw error;
    }
  }
}

/** The fields a PATCH gave; undefined means "leave as it is". */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
