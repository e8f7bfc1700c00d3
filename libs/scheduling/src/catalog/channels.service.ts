import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { isPgError, isStillReferenced, PgErrorCode } from '@siaran/database';
import { LadderPresets, MediaForSchedule } from '@siaran/media';
import { Clock } from '@siaran/time';
import { InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { ScheduleChanges } from '../schedule-changes';
import { TimeZone } from '../time/time-zone';
import { actorOf, channelSnapshot, liveStreamUrl, stationLogoUrl, xmltvChannelId } from './catalog-views';
import { ChannelEntity, ChannelKind, defaultLadderPreset, StationEntity } from './entities';
import { definedOnly } from './stations.service';

export interface ChannelInput {
  stationId: string;
  kind: ChannelKind;
  slug: string;
  name: string;
  logoUrl?: string | null;
  description?: string | null;
  timezone?: string;
  language?: string;
  ladderPreset?: string;
  isPublic?: boolean;
}

export type ChannelChanges = Partial<Omit<ChannelInput, 'stationId'>>;

export interface ChannelView extends ChannelEntity {
  station: Pick<StationEntity, 'id' | 'slug' | 'name' | 'websiteUrl' | 'contact'> & { logoUrl: string | null };
  xmltvId: string;
  /** The live HLS stream (served by the playout). */
  streamUrl: string;
}

/** TV and radio channels of the stations; created and changed by admins. */
@Injectable()
export class ChannelsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly changes: ScheduleChanges,
    private readonly presets: LadderPresets,
    private readonly media: MediaForSchedule,
  ) {}

  /** A channel's ladder must be one of the configured presets: every asset it airs is transcoded to it. */
  private assertPreset(name: string | undefined): void {
    if (name !== undefined && !this.presets.has(name)) {
      throw new DomainError(
        'invalid',
        'UNKNOWN_PRESET',
        `Unknown ladder preset ${name}; configured: ${this.presets.names().join(', ')}`,
        { ladderPreset: name },
      );
    }
  }

  /** Listed channels (`isPublic`), optionally of one station. */
  async listPublic(stationId?: string): Promise<ChannelView[]> {
    const channels = await this.dataSource
      .getRepository(ChannelEntity)
      .find({ where: { isPublic: true, ...(stationId ? { stationId } : {}) }, order: { name: 'ASC' } });
    return this.withStations(channels);
  }

  /** By slug; unlisted channels too (whoever knows the slug may watch). */
  async getBySlug(slug: string): Promise<ChannelView> {
    const channel = await this.dataSource.getRepository(ChannelEntity).findOneBy({ slug });
    if (!channel) throw new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${slug}`);
    return (await this.withStations([channel]))[0];
  }

  /** The ladder preset of each channel that exists, keyed by id, in one query. */
  async ladderPresetsOf(channelIds: string[]): Promise<Map<string, string>> {
    if (channelIds.length === 0) return new Map();
    const rows: Array<{ id: string; ladder_preset: string }> = await this.dataSource.query(
      'SELECT id, ladder_preset FROM channels WHERE id = ANY($1::uuid[])',
      [channelIds],
    );
    return new Map(rows.map((row) => [row.id, row.ladder_preset]));
  }

  async create(user: AuthUser, input: ChannelInput): Promise<ChannelView> {
    this.assertPreset(input.ladderPreset);
    const now = this.clock.now();
    const channel: Omit<ChannelEntity, 'scheduleVersion'> = {
      id: randomUUID(),
      stationId: input.stationId,
      kind: input.kind,
      slug: input.slug,
      name: input.name,
      logoUrl: input.logoUrl ?? null,
      description: input.description ?? null,
      timezone: canonicalTimezone(input.timezone ?? 'Asia/Jakarta'),
      language: input.language ?? 'id',
      ladderPreset: input.ladderPreset ?? defaultLadderPreset(input.kind),
      isPublic: input.isPublic ?? true,
      createdAt: now,
      updatedAt: now,
    };
    const created = await this.write(async (manager) => {
      await manager.insert(ChannelEntity, channel);
      const stored = await manager.findOneByOrFail(ChannelEntity, { id: channel.id });
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'create',
        entityType: 'channel',
        entityId: channel.id,
        stationId: channel.stationId,
        newValue: channelSnapshot(stored),
      });
      return stored;
    });
    return (await this.withStations([created]))[0];
  }

  async update(user: AuthUser, id: string, changes: ChannelChanges): Promise<ChannelView> {
    this.assertPreset(changes.ladderPreset);
    const updated = await this.write(async (manager) => {
      const channel = await this.lock(manager, id);
      const before = channelSnapshot(channel);
      const timezone = changes.timezone === undefined ? channel.timezone : canonicalTimezone(changes.timezone);
      if (
        timezone !== channel.timezone &&
        (await manager.query('SELECT 1 FROM schedule_entries WHERE channel_id = $1 LIMIT 1', [id])).length
      ) {
        throw new DomainError(
          'conflict',
          ScheduleErrorCode.ChannelHasSchedule,
          'The time zone of a channel with a schedule cannot change: its entries are wall-clock times in that zone',
        );
      }
      const presetBefore = channel.ladderPreset;
      Object.assign(channel, definedOnly(changes), { timezone, updatedAt: this.clock.now() });
      await manager.save(ChannelEntity, channel);
      if (channel.ladderPreset !== presetBefore) await this.media.prepareChannel(manager, channel, this.clock.now());
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'update',
        entityType: 'channel',
        entityId: id,
        stationId: channel.stationId,
        oldValue: before,
        newValue: channelSnapshot(channel),
      });
      return channel;
    });
    return (await this.withStations([updated]))[0];
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.write(async (manager) => {
      const channel = await this.lock(manager, id);
      await manager.delete(ChannelEntity, { id });
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'delete',
        entityType: 'channel',
        entityId: id,
        stationId: channel.stationId,
        oldValue: channelSnapshot(channel),
      });
    });
  }

  private async lock(manager: EntityManager, id: string): Promise<ChannelEntity> {
    const channel = await manager.findOne(ChannelEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!channel) throw new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${id}`);
    return channel;
  }

  private async withStations(channels: ChannelEntity[]): Promise<ChannelView[]> {
    const ids = [...new Set(channels.map((c) => c.stationId))];
    const stations = ids.length
      ? await this.dataSource.getRepository(StationEntity).findBy(ids.map((id) => ({ id })))
      : [];
    return channels.map((channel) => {
      const station = stations.find((s) => s.id === channel.stationId) as StationEntity;
      return {
        ...channel,
        station: {
          id: station.id,
          slug: station.slug,
          name: station.name,
          logoUrl: stationLogoUrl(this.config.publicBaseUrl, station),
          websiteUrl: station.websiteUrl,
          contact: station.contact,
        },
        xmltvId: xmltvChannelId(channel.slug),
        streamUrl: liveStreamUrl(this.config.publicBaseUrl, channel.slug),
      };
    });
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.changes.after(this.dataSource.transaction(work));
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'channels_slug_key'))
        throw new DomainError('conflict', ScheduleErrorCode.SlugTaken, 'Another channel has this slug');
      if (isPgError(error, PgErrorCode.ForeignKeyViolation, 'channels_station_id_fkey'))
        throw new DomainError('not-found', ScheduleErrorCode.StationNotFound, 'No such station');
      if (isStillReferenced(error, 'schedule_entries_channel_id_fkey')) {
        throw new DomainError(
          'conflict',
          ScheduleErrorCode.ChannelHasSchedule,
          'The channel still has schedule entries; delete them first',
        );
      }
      throw error;
    }
  }
}

export function canonicalTimezone(name: string): string {
  const canonical = TimeZone.canonicalName(name);
  if (!canonical)
    throw new InvalidScheduleInput(
      ScheduleErrorCode.InvalidTimezone,
      `${JSON.stringify(name)} is not an IANA time zone such as Asia/Jakarta`,
    );
  return canonical;
}
