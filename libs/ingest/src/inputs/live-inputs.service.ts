import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser, StationAccess } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { isPgError, isStillReferenced, PgErrorCode } from '@siaran/database';
import { actorOf, ChannelProfile, ChannelProfiles, definedOnly, ScheduleErrorCode } from '@siaran/scheduling';
import { Clock } from '@siaran/time';
import type { LiveInputKind, OutsideSlotPolicy } from '../feed';
import { IngestErrorCode } from './ingest-errors';
import { connectionOf, InputConnection } from './input-connection';
import { InputSecrets } from './input-secrets';
import { LiveInputEntity } from './live-input.entity';
import { RelayUrlPolicy } from './relay-url-policy';

export interface LiveInputInput {
  name: string;
  kind: LiveInputKind;
  enabled?: boolean;
  airWhenConnected?: boolean;
  outsideSlots?: OutsideSlotPolicy;
  /** Icecast only, without the leading slash; default: made from the channel's slug. */
  mount?: string;
  /** Relay only, and required there. */
  url?: string;
}

/** The kind stays; fields left out stay. */
export type LiveInputChanges = Partial<Omit<LiveInputInput, 'kind'>>;

export interface LiveInputView {
  id: string;
  channel: { id: string; slug: string; stationId: string };
  name: string;
  kind: LiveInputKind;
  enabled: boolean;
  airWhenConnected: boolean;
  outsideSlots: OutsideSlotPolicy;
  srtPort: number | null;
  mount: string | null;
  url: string | null;
  createdAt: Date;
  updatedAt: Date;
  connection: InputConnection;
  /** True in the answers of create and rotate-secret only: `connection` then holds the secret itself, else it is masked. */
  secretShown: boolean;
}

const MOUNT_CONSTRAINT = 'live_inputs_mount_key';
const IN_USE_CONSTRAINTS = [
  'schedule_entries_source_live_input_id_fkey',
  'schedule_exceptions_source_live_input_id_fkey',
];
/** Serialises the choice of SRT ports between concurrent creates. */
const SRT_PORT_LOCK = 'live_inputs.srt_port';
/** Mounts are at most 63 characters; room is kept for a `-NN` suffix. */
const MOUNT_BASE_LENGTH = 59;

/**
 * A channel's live inputs: how studios reach it (RTMP, SRT, Icecast) or what it relays. Managed
 * by the station's producers, and by admins and engineers; every change is audited without
 * its secret. Secrets are shown in full only when made (create, rotate-secret).
 */
@Injectable()
export class LiveInputsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelProfiles,
    private readonly access: StationAccess,
    private readonly audit: AuditLog,
    private readonly secrets: InputSecrets,
    private readonly relayUrls: RelayUrlPolicy,
    private readonly clock: Clock,
  ) {}

  async listOfChannel(user: AuthUser, channelSlug: string): Promise<LiveInputView[]> {
    const channel = await this.channelBySlug(channelSlug);
    this.access.assertCanManageLiveInputs(user, channel.stationId);
    const inputs = await this.dataSource.getRepository(LiveInputEntity).find({
      where: { channelId: channel.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return inputs.map((input) => this.view(input, channel, null));
  }

  async get(user: AuthUser, id: string): Promise<LiveInputView> {
    const input = await this.dataSource.getRepository(LiveInputEntity).findOneBy({ id });
    if (!input) throw inputNotFound(id);
    const channel = await this.channelById(input.channelId);
    this.access.assertCanManageLiveInputs(user, channel.stationId);
    return this.view(input, channel, null);
  }

  async create(user: AuthUser, channelSlug: string, fields: LiveInputInput): Promise<LiveInputView> {
    const channel = await this.channelBySlug(channelSlug);
    this.access.assertCanManageLiveInputs(user, channel.stationId);
    this.assertFieldsOfKind(fields.kind, fields);
    this.assertIngestOn(fields.kind);
    if (fields.kind === 'relay') {
      if (fields.url === undefined)
        throw new DomainError('invalid', IngestErrorCode.RelayUrlRequired, 'A relay input needs the url it pulls');
      await this.relayUrls.assertAllowed(fields.url);
    }
    const id = randomUUID();
    const secret = fields.kind === 'relay' ? null : this.secrets.generate();
    const input = await this.write(async (manager) => {
      const now = this.clock.now();
      const created: LiveInputEntity = {
        id,
        channelId: channel.id,
        name: fields.name.trim(),
        kind: fields.kind,
        enabled: fields.enabled ?? true,
        airWhenConnected: fields.airWhenConnected ?? false,
        outsideSlots: fields.outsideSlots ?? 'standby',
        secretCiphertext: secret === null ? null : this.secrets.seal(id, secret),
        srtPort: fields.kind === 'srt' ? await this.freeSrtPort(manager) : null,
        mount: fields.kind === 'icecast' ? (fields.mount ?? (await this.freeMountFor(manager, channel.slug))) : null,
        url: fields.kind === 'relay' ? (fields.url as string) : null,
        createdAt: now,
        updatedAt: now,
      };
      await manager.insert(LiveInputEntity, created);
      await this.record(manager, user, channel, 'create', id, undefined, snapshot(created));
      return created;
    });
    return this.view(input, channel, secret);
  }

  async update(user: AuthUser, id: string, changes: LiveInputChanges): Promise<LiveInputView> {
    return this.write(async (manager) => {
      const { input, channel } = await this.lockInput(manager, id, user);
      this.assertFieldsOfKind(input.kind, changes);
      if (changes.url !== undefined) await this.relayUrls.assertAllowed(changes.url);
      const before = snapshot(input);
      Object.assign(input, definedOnly({ ...changes, name: changes.name?.trim() }), { updatedAt: this.clock.now() });
      await manager.save(LiveInputEntity, input);
      await this.record(manager, user, channel, 'update', id, before, snapshot(input));
      return this.view(input, channel, null);
    });
  }

  /** The old secret stops working at once; a session using it is ended by the ingest side. */
  async rotateSecret(user: AuthUser, id: string): Promise<LiveInputView> {
    return this.write(async (manager) => {
      const { input, channel } = await this.lockInput(manager, id, user);
      if (input.kind === 'relay')
        throw new DomainError('invalid', IngestErrorCode.NoSecret, 'A relay input has no secret to rotate');
      const secret = this.secrets.generate();
      input.secretCiphertext = this.secrets.seal(id, secret);
      input.updatedAt = this.clock.now();
      await manager.save(LiveInputEntity, input);
      const fields = snapshot(input);
      await this.record(manager, user, channel, 'update', id, fields, { ...fields, secretRotated: true });
      return this.view(input, channel, secret);
    });
  }

  /** Refused (409 INPUT_IN_USE) while a schedule entry or a changed occurrence airs the input. */
  async remove(user: AuthUser, id: string): Promise<void> {
    await this.write(async (manager) => {
      const { input, channel } = await this.lockInput(manager, id, user);
      await manager.delete(LiveInputEntity, { id });
      await this.record(manager, user, channel, 'delete', id, snapshot(input), undefined);
    });
  }

  private async lockInput(
    manager: EntityManager,
    id: string,
    user: AuthUser,
  ): Promise<{ input: LiveInputEntity; channel: ChannelProfile }> {
    const input = await manager.findOne(LiveInputEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!input) throw inputNotFound(id);
    const channel = await this.channelById(input.channelId);
    this.access.assertCanManageLiveInputs(user, channel.stationId);
    return { input, channel };
  }

  private assertFieldsOfKind(kind: LiveInputKind, fields: Pick<LiveInputInput, 'mount' | 'url'>): void {
    if (fields.mount !== undefined && kind !== 'icecast')
      throw new DomainError('invalid', IngestErrorCode.FieldNotForKind, `A ${kind} input has no mount`, {
        field: 'mount',
      });
    if (fields.url !== undefined && kind !== 'relay')
      throw new DomainError(
        'invalid',
        IngestErrorCode.FieldNotForKind,
        `A ${kind} input has no url: studios push to it`,
        { field: 'url' },
      );
  }

  private assertIngestOn(kind: LiveInputKind): void {
    const off =
      (kind === 'rtmp' && this.config.live.rtmpPort === 0) ||
      (kind === 'icecast' && this.config.live.icecastPort === 0) ||
      (kind === 'srt' && this.config.live.srtPorts === null);
    if (off)
      throw new DomainError(
        'conflict',
        IngestErrorCode.IngestOff,
        `${kind.toUpperCase()} ingest is turned off on this deployment (${kind === 'srt' ? 'SRT_PORTS' : `${kind.toUpperCase()}_PORT`})`,
      );
  }

  /** The lowest port of SRT_PORTS no input has. */
  private async freeSrtPort(manager: EntityManager): Promise<number> {
    const range = this.config.live.srtPorts as { first: number; last: number };
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SRT_PORT_LOCK]);
    const rows: Array<{ srt_port: number }> = await manager.query(
      'SELECT srt_port FROM live_inputs WHERE srt_port BETWEEN $1 AND $2 ORDER BY srt_port',
      [range.first, range.last],
    );
    const taken = new Set(rows.map((row) => row.srt_port));
    for (let port = range.first; port <= range.last; port += 1) if (!taken.has(port)) return port;
    throw new DomainError(
      'conflict',
      IngestErrorCode.SrtPortsFull,
      `Every port of SRT_PORTS (${range.first}-${range.last}) has an SRT input: delete one, or widen the range`,
      range,
    );
  }

  /** The channel's slug, or the first of slug-2, slug-3, … that no input has. */
  private async freeMountFor(manager: EntityManager, slug: string): Promise<string> {
    const base = slug.slice(0, MOUNT_BASE_LENGTH).replace(/-+$/, '');
    const rows: Array<{ mount: string }> = await manager.query(
      "SELECT mount FROM live_inputs WHERE mount = $1 OR mount LIKE $1 || '-%'",
      [base],
    );
    const taken = new Set(rows.map((row) => row.mount));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  private async channelBySlug(slug: string): Promise<ChannelProfile> {
    const channel = await this.channels.bySlug(slug);
    if (!channel) throw new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${slug}`);
    return channel;
  }

  private async channelById(id: string): Promise<ChannelProfile> {
    const channel = await this.channels.byId(id);
    if (!channel) throw new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${id}`);
    return channel;
  }

  private view(input: LiveInputEntity, channel: ChannelProfile, secret: string | null): LiveInputView {
    return {
      id: input.id,
      channel: { id: channel.id, slug: channel.slug, stationId: channel.stationId },
      name: input.name,
      kind: input.kind,
      enabled: input.enabled,
      airWhenConnected: input.airWhenConnected,
      outsideSlots: input.outsideSlots,
      srtPort: input.srtPort,
      mount: input.mount,
      url: input.url,
      createdAt: input.createdAt,
      updatedAt: input.updatedAt,
      connection: connectionOf(input, secret, this.config.live),
      secretShown: secret !== null,
    };
  }

  private async record(
    manager: EntityManager,
    user: AuthUser,
    channel: ChannelProfile,
    action: 'create' | 'update' | 'delete',
    id: string,
    oldValue: object | undefined,
    newValue: object | undefined,
  ): Promise<void> {
    await this.audit.record(manager, {
      actor: actorOf(user),
      action,
      entityType: 'live_input',
      entityId: id,
      stationId: channel.stationId,
      oldValue,
      newValue,
    });
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, MOUNT_CONSTRAINT))
        throw new DomainError('conflict', IngestErrorCode.MountTaken, 'Another Icecast input has this mount');
      if (IN_USE_CONSTRAINTS.some((constraint) => isStillReferenced(error, constraint)))
        throw new DomainError(
          'conflict',
          IngestErrorCode.InputInUse,
          'Schedule entries air this input: give them another source first',
        );
      throw error;
    }
  }
}

/** What the audit log keeps of an input: its fields, never its secret. */
function snapshot(input: LiveInputEntity): object {
  const { id: _id, secretCiphertext: _secret, createdAt: _created, updatedAt: _updated, ...fields } = input;
  return fields;
}

const inputNotFound = (id: string) =>
  new DomainError('not-found', IngestErrorCode.InputNotFound, `No live input ${id}`);
