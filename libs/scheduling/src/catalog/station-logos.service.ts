import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser, StationAccess } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { LogoImages } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { ScheduleErrorCode } from '../schedule-errors';
import { actorOf, stationLogoUrl, stationSnapshot } from './catalog-views';
import { StationEntity } from './entities';

const LOGO_MAX_BYTES = 2 * 1024 * 1024;
const LOGO_CONTENT_TYPES: readonly string[] = ['image/png', 'image/jpeg'];
export const LOGO_CONTENT_TYPE = 'image/png';

/** The uploaded file as the request carries it: its bytes, not yet read, and its declared type. */
export interface LogoUpload {
  stream: Readable;
  contentType: string;
}

export interface StationLogo {
  url: string;
  width: number;
  height: number;
  sizeBytes: number;
  updatedAt: Date;
}

/**
 * The station logo: the still picture audio-only assets air over on TV ladders. Stored as
 * one normalised PNG at StorageKeys.stationLogo; `stations.logo_updated_at` says whether
 * there is one, so that station reads never ask object storage.
 */
@Injectable()
export class StationLogos {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
    private readonly images: LogoImages,
    private readonly access: StationAccess,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Who may, and that the station exists, are checked before a byte of the upload is read
   * (`receive` opens it, reading at most `limitBytes` + 1). The earlier logo is replaced only
   * by a new one that passed every check: a refused upload changes nothing.
   */
  async set(
    user: AuthUser,
    stationId: string,
    receive: (limitBytes: number) => Promise<LogoUpload>,
  ): Promise<StationLogo> {
    this.access.assertCanManageStation(user, stationId);
    await this.find(this.dataSource.manager, stationId);
    const upload = await receive(LOGO_MAX_BYTES);
    if (!LOGO_CONTENT_TYPES.includes(upload.contentType)) {
      throw new DomainError(
        'invalid',
        'LOGO_UNSUPPORTED_TYPE',
        `A logo is sent as ${LOGO_CONTENT_TYPES.join(' or ')}, not ${upload.contentType || 'an untyped file'}.`,
      );
    }
    const logo = await this.images.normalise(await readLimited(upload.stream, LOGO_MAX_BYTES));
    const station = await this.dataSource.transaction(async (manager) => {
      const locked = await this.find(manager, stationId, true);
      const before = stationSnapshot(locked);
      const now = this.clock.now();
      Object.assign(locked, { logoUpdatedAt: now, updatedAt: now });
      // Under the station's row lock: two uploads to one station take turns, and the row says what the object holds.
      await this.storage.put(StorageKeys.stationLogo(stationId), logo.png, LOGO_CONTENT_TYPE, logo.png.length);
      await manager.save(StationEntity, locked);
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'update',
        entityType: 'station',
        entityId: stationId,
        stationId,
        oldValue: before,
        newValue: stationSnapshot(locked),
      });
      return locked;
    });
    return {
      url: stationLogoUrl(this.config.publicBaseUrl, station) as string,
      width: logo.width,
      height: logo.height,
      sizeBytes: logo.png.length,
      updatedAt: station.logoUpdatedAt as Date,
    };
  }

  async remove(user: AuthUser, stationId: string): Promise<void> {
    this.access.assertCanManageStation(user, stationId);
    await this.dataSource.transaction(async (manager) => {
      const station = await this.find(manager, stationId, true);
      if (!station.logoUpdatedAt) throw logoNotFound(stationId);
      const before = stationSnapshot(station);
      Object.assign(station, { logoUpdatedAt: null, updatedAt: this.clock.now() });
      await this.storage.remove([StorageKeys.stationLogo(stationId)]);
      await manager.save(StationEntity, station);
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'update',
        entityType: 'station',
        entityId: stationId,
        stationId,
        oldValue: before,
        newValue: stationSnapshot(station),
      });
    });
  }

  /** The object key of a station's logo, for streaming it to the public. */
  async objectKey(stationId: string): Promise<string> {
    const station = await this.find(this.dataSource.manager, stationId);
    if (!station.logoUpdatedAt) throw logoNotFound(stationId);
    return StorageKeys.stationLogo(stationId);
  }

  private async find(manager: EntityManager, id: string, lock = false): Promise<StationEntity> {
    const station = await manager.findOne(StationEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!station) throw new DomainError('not-found', ScheduleErrorCode.StationNotFound, `No station ${id}`);
    return station;
  }
}

/** The whole upload in memory (it is small); past the limit, 413 without reading further. */
async function readLimited(stream: Readable, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limitBytes) throw logoTooLarge(limitBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const logoNotFound = (stationId: string) =>
  new DomainError('not-found', 'LOGO_NOT_FOUND', `Station ${stationId} has no logo.`);

export function logoTooLarge(limitBytes: number): DomainError {
  return new DomainError('too-large', 'LOGO_TOO_LARGE', `A logo may be at most ${limitBytes} bytes.`, { limitBytes });
}
