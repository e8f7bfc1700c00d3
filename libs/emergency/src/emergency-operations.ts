import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditLog } from '@siaran/audit';
import { AuthUser, SYSTEM_USER } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { LiveInputsService } from '@siaran/ingest';
import { AssetStore } from '@siaran/media';
import { actorOf, ChannelProfile, ChannelProfiles } from '@siaran/scheduling';
import { Clock } from '@siaran/time';
import { assertMayConfirm, assertMayIssue } from './emergency-access';
import {
  coversChannel,
  type EmergencyOverride,
  type EmergencyScope,
  type EmergencySeverity,
  type OverrideMode,
  type OverrideSource,
  type OverrideStatus,
  statusOf,
} from './emergency-override';
import { EmergencyOverrides } from './emergency-overrides';
import { BulletinClaim, EmergencyStore } from './emergency-store';

export interface OverrideInput {
  scope: EmergencyScope;
  mode: OverrideMode;
  /** Takeovers only, and required there. */
  source?: OverrideSource;
  messageId: string;
  messageEn?: string | null;
  severity: EmergencySeverity;
  /** Default: now. */
  startsAt?: Date;
  expiresAt: Date;
  reason: string;
}

export interface OverrideChanges {
  messageId?: string;
  messageEn?: string | null;
  severity?: EmergencySeverity;
  expiresAt?: Date;
  reason: string;
}

export interface OverrideView {
  id: string;
  scope: EmergencyScope;
  mode: OverrideMode;
  source: OverrideSource | null;
  message: { id: string; en: string | null };
  severity: EmergencySeverity;
  startsAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  status: OverrideStatus;
  needsConfirmation: boolean;
  confirmedBy: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** The channels it covers (slugs), as they are now. */
  channels: string[];
}

export interface OverrideDetail extends OverrideView {
  /** The generated bulletins: per preset and message version, the asset made or why none was. */
  bulletins: Array<Omit<BulletinClaim, 'overrideId'> & { assetId: string | null; failure: string | null }>;
}

/** Now-playing speaks in whole seconds: an override issued or ended now is so from the second it happens in. */
const wholeSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

const notFound = (id: string) => new DomainError('not-found', 'OVERRIDE_NOT_FOUND', `No emergency override ${id}`);
const invalid = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);

/** What people do with emergency overrides: issue, change, confirm and end them, each audited with a reason. */
@Injectable()
export class EmergencyOperations {
  private readonly logger = new Logger(EmergencyOperations.name);

  constructor(
    private readonly store: EmergencyStore,
    private readonly overrides: EmergencyOverrides,
    private readonly channels: ChannelProfiles,
    private readonly assets: AssetStore,
    private readonly inputs: LiveInputsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(user: AuthUser, input: OverrideInput): Promise<OverrideView> {
    const now = this.clock.now();
    const startsAt = input.startsAt && input.startsAt > now ? input.startsAt : wholeSecond(now);
    if (input.expiresAt <= now) throw invalid('EXPIRY_IN_PAST', 'expiresAt must be in the future');
    if (input.expiresAt <= startsAt) throw invalid('EXPIRY_BEFORE_START', 'expiresAt must be after startsAt');
    if (input.mode === 'takeover' && !input.source)
      throw invalid('SOURCE_REQUIRED', 'A takeover needs a source: an asset, a live input or generated');
    if (input.mode === 'crawl' && input.source)
      throw invalid('SOURCE_NOT_FOR_CRAWL', 'A crawl airs no source: programmes go on under the message');
    const covered = await this.covered(input.scope);
    assertMayIssue(user, {
      mode: input.mode,
      allChannels: input.scope.kind === 'all',
      stationIds: [...new Set(covered.map((c) => c.stationId))],
    });
    if (input.source) await this.checkSource(input.source);
    const override: EmergencyOverride = {
      id: randomUUID(),
      scope: input.scope,
      mode: input.mode,
      source: input.source ?? null,
      messageId: input.messageId,
      messageEn: input.messageEn ?? null,
      messageVersion: 1,
      severity: input.severity,
      startsAt,
      expiresAt: input.expiresAt,
      endedAt: null,
      needsConfirmation: this.config.emergency.twoPerson && input.scope.kind === 'all',
      confirmedAt: null,
      confirmedBy: null,
      createdBy: actorOf(user),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.transaction(async (manager) => {
      await this.store.insert(manager, override);
      await this.record(manager, user, 'create', override, input.reason, null);
    });
    this.logger.warn(
      `emergency override ${override.id} (${override.mode}, ${override.severity}) issued by ${user.email}`,
    );
    await this.overrides.changed(override.id);
    return this.view(override, covered);
  }

  async list(filter: { current?: boolean; limit: number; offset: number }): Promise<OverrideView[]> {
    const [found, channels] = await Promise.all([
      this.store.list({ ...filter, now: this.clock.now() }),
      this.channels.all(),
    ]);
    return found.map((o) =>
      this.view(
        o,
        channels.filter((c) => coversChannel(o, c)),
      ),
    );
  }

  async get(id: string): Promise<OverrideDetail> {
    const override = await this.store.byId(id);
    if (!override) throw notFound(id);
    const [channels, bulletins] = await Promise.all([this.channels.all(), this.store.bulletinsOf(id)]);
    return {
      ...this.view(
        override,
        channels.filter((c) => coversChannel(override, c)),
      ),
      bulletins: bulletins.map(({ preset, messageVersion, assetId, failure }) => ({
        preset,
        messageVersion,
        assetId,
        failure,
      })),
    };
  }

  /** A new message (a new bulletin is made), severity or expiry. */
  async update(user: AuthUser, id: string, changes: OverrideChanges): Promise<OverrideView> {
    return this.change(user, id, changes.reason, (override, now) => {
      if (changes.expiresAt && changes.expiresAt <= now)
        throw invalid('EXPIRY_IN_PAST', 'expiresAt must be in the future');
      if (changes.expiresAt && changes.expiresAt <= override.startsAt)
        throw invalid('EXPIRY_BEFORE_START', 'expiresAt must be after startsAt');
      const message = {
        id: changes.messageId ?? override.messageId,
        en: changes.messageEn !== undefined ? changes.messageEn : override.messageEn,
      };
      const messageChanged = message.id !== override.messageId || message.en !== override.messageEn;
      return {
        ...override,
        messageId: message.id,
        messageEn: message.en,
        messageVersion: override.messageVersion + (messageChanged ? 1 : 0),
        severity: changes.severity ?? override.severity,
        expiresAt: changes.expiresAt ?? override.expiresAt,
      };
    });
  }

  /** Ends an override now: the channels switch back at the next segment boundary. */
  async end(user: AuthUser, id: string, reason: string): Promise<OverrideView> {
    return this.change(user, id, reason, (override, now) => ({ ...override, endedAt: wholeSecond(now) }));
  }

  /** The second operator's confirmation of an override of every channel (EMERGENCY_TWO_PERSON). */
  async confirm(user: AuthUser, id: string, reason: string): Promise<OverrideView> {
    const { override, covered } = await this.store.transaction(async (manager) => {
      const found = await this.store.byId(id, manager);
      if (!found) throw notFound(id);
      const now = this.clock.now();
      const status = statusOf(found, now.getTime());
      if (status !== 'awaiting-confirmation')
        throw new DomainError('conflict', 'NOT_AWAITING_CONFIRMATION', `Override ${id} is ${status}`);
      assertMayConfirm(user, found.createdBy.id);
      const confirmed: EmergencyOverride = {
        ...found,
        confirmedAt: now,
        confirmedBy: actorOf(user),
        updatedAt: now,
      };
      await this.store.save(manager, confirmed);
      await this.record(manager, user, 'update', confirmed, reason, found);
      return { override: confirmed, covered: (await this.channels.all()).filter((c) => coversChannel(found, c)) };
    });
    await this.overrides.changed(id);
    return this.view(override, covered);
  }

  private async change(
    user: AuthUser,
    id: string,
    reason: string,
    apply: (override: EmergencyOverride, now: Date) => EmergencyOverride,
  ): Promise<OverrideView> {
    const channels = await this.channels.all();
    const changed = await this.store.transaction(async (manager) => {
      const found = await this.store.byId(id, manager);
      if (!found) throw notFound(id);
      const covered = channels.filter((c) => coversChannel(found, c));
      assertMayIssue(user, {
        mode: found.mode,
        allChannels: found.scope.kind === 'all',
        stationIds: [...new Set(covered.map((c) => c.stationId))],
      });
      const now = this.clock.now();
      const status = statusOf(found, now.getTime());
      if (status === 'ended' || status === 'expired')
        throw new DomainError('conflict', 'OVERRIDE_ENDED', `Override ${id} is ${status}`);
      const next = { ...apply(found, now), updatedAt: now };
      await this.store.save(manager, next);
      await this.record(manager, user, 'update', next, reason, found);
      return next;
    });
    await this.overrides.changed(id);
    return this.view(
      changed,
      channels.filter((c) => coversChannel(changed, c)),
    );
  }

  /** The channels a scope names, each of which must exist. */
  private async covered(scope: EmergencyScope): Promise<ChannelProfile[]> {
    const channels = await this.channels.all();
    if (scope.kind === 'channels') {
      const unknown = scope.channelIds.filter((id) => !channels.some((c) => c.id === id));
      if (unknown.length) throw invalid('UNKNOWN_CHANNEL', `No channel ${unknown.join(', ')}`, { channelIds: unknown });
    }
    if (scope.kind === 'stations') {
      const unknown = scope.stationIds.filter((id) => !channels.some((c) => c.stationId === id));
      if (unknown.length)
        throw invalid('UNKNOWN_STATION', `No station with channels: ${unknown.join(', ')}`, { stationIds: unknown });
    }
    return channels.filter((c) => coversChannel({ scope }, c));
  }

  private async checkSource(source: OverrideSource): Promise<void> {
    if (source.kind === 'asset' && !(await this.assets.stationOf(source.assetId)))
      throw invalid('UNKNOWN_ASSET', `No asset ${source.assetId}`);
    if (source.kind === 'live')
      await this.inputs.get(SYSTEM_USER, source.liveInputId).catch((error: unknown) => {
        if (error instanceof DomainError && error.kind === 'not-found')
          throw invalid('UNKNOWN_LIVE_INPUT', `No live input ${source.liveInputId}`);
        throw error;
      });
  }

  private async record(
    manager: EntityManager,
    user: AuthUser,
    action: 'create' | 'update',
    override: EmergencyOverride,
    reason: string,
    before: EmergencyOverride | null,
  ): Promise<void> {
    const audited = (o: EmergencyOverride) => ({
      scope: o.scope,
      mode: o.mode,
      source: o.source,
      messageId: o.messageId,
      messageEn: o.messageEn,
      severity: o.severity,
      startsAt: o.startsAt.toISOString(),
      expiresAt: o.expiresAt.toISOString(),
      endedAt: o.endedAt?.toISOString() ?? null,
      confirmedBy: o.confirmedBy?.email ?? null,
    });
    await this.audit.record(manager, {
      actor: actorOf(user),
      action,
      entityType: 'emergency_override',
      entityId: override.id,
      stationId:
        override.scope.kind === 'stations' && override.scope.stationIds.length === 1
          ? override.scope.stationIds[0]
          : null,
      ...(before ? { oldValue: audited(before) } : {}),
      newValue: { ...audited(override), reason },
    });
  }

  private view(override: EmergencyOverride, covered: readonly ChannelProfile[]): OverrideView {
    return {
      id: override.id,
      scope: override.scope,
      mode: override.mode,
      source: override.source,
      message: { id: override.messageId, en: override.messageEn },
      severity: override.severity,
      startsAt: override.startsAt,
      expiresAt: override.expiresAt,
      endedAt: override.endedAt,
      status: statusOf(override, this.clock.now().getTime()),
      needsConfirmation: override.needsConfirmation,
      confirmedBy: override.confirmedBy?.email ?? null,
      createdBy: override.createdBy.email,
      createdAt: override.createdAt,
      updatedAt: override.updatedAt,
      channels: covered.map((c) => c.slug),
    };
  }
}
