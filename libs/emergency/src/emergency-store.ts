import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  EmergencyOverride,
  EmergencyScope,
  EmergencySeverity,
  OverrideMode,
  OverrideOnAir,
  OverrideSource,
} from './emergency-override';
import type { LatLon } from './cap/cap-alert';

interface OverrideRow {
  id: string;
  scope_kind: EmergencyScope['kind'];
  scope_ids: string[];
  mode: OverrideMode;
  source_kind: OverrideSource['kind'] | null;
  source_asset_id: string | null;
  source_live_input_id: string | null;
  message_id: string;
  message_en: string | null;
  message_version: number;
  severity: EmergencySeverity;
  starts_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  needs_confirmation: boolean;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmed_by_email: string | null;
  created_by: string | null;
  created_by_email: string;
  created_at: Date;
  updated_at: Date;
}

const scopeOf = (row: OverrideRow): EmergencyScope => {
  if (row.scope_kind === 'all') return { kind: 'all' };
  return row.scope_kind === 'stations'
    ? { kind: 'stations', stationIds: row.scope_ids }
    : { kind: 'channels', channelIds: row.scope_ids };
};

const sourceOf = (row: OverrideRow): OverrideSource | null => {
  if (row.source_kind === 'asset') return { kind: 'asset', assetId: row.source_asset_id as string };
  if (row.source_kind === 'live') return { kind: 'live', liveInputId: row.source_live_input_id as string };
  return row.source_kind === 'generated' ? { kind: 'generated' } : null;
};

const toOverride = (row: OverrideRow): EmergencyOverride => ({
  id: row.id,
  scope: scopeOf(row),
  mode: row.mode,
  source: sourceOf(row),
  messageId: row.message_id,
  messageEn: row.message_en,
  messageVersion: row.message_version,
  severity: row.severity,
  startsAt: row.starts_at,
  expiresAt: row.expires_at,
  endedAt: row.ended_at,
  needsConfirmation: row.needs_confirmation,
  confirmedAt: row.confirmed_at,
  confirmedBy: row.confirmed_by_email ? { id: row.confirmed_by, email: row.confirmed_by_email } : null,
  createdBy: { id: row.created_by, email: row.created_by_email },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A bulletin to make: one per override, preset and message version. */
export interface BulletinClaim {
  overrideId: string;
  preset: string;
  messageVersion: number;
}

/** The emergency context's tables: `emergency_overrides` and `emergency_bulletins`. */
@Injectable()
export class EmergencyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(manager: EntityManager, override: EmergencyOverride): Promise<void> {
    const { scope, source } = override;
    await manager.query(
      `INSERT INTO emergency_overrides (id, scope_kind, scope_ids, mode, source_kind, source_asset_id, source_live_input_id,
         message_id, message_en, message_version, severity, starts_at, expires_at, needs_confirmation,
         created_by, created_by_email, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
      [
        override.id,
        scope.kind,
        scope.kind === 'stations' ? scope.stationIds : scope.kind === 'channels' ? scope.channelIds : [],
        override.mode,
        source?.kind ?? null,
        source?.kind === 'asset' ? source.assetId : null,
        source?.kind === 'live' ? source.liveInputId : null,
        override.messageId,
        override.messageEn,
        override.messageVersion,
        override.severity,
        override.startsAt,
        override.expiresAt,
        override.needsConfirmation,
        override.createdBy.id,
        override.createdBy.email,
        override.createdAt,
      ],
    );
  }

  /** With `manager`, the row is locked until the transaction ends. */
  async byId(id: string, manager?: EntityManager): Promise<EmergencyOverride | null> {
    const [row] = (await (manager ?? this.dataSource).query(
      `SELECT * FROM emergency_overrides WHERE id = $1${manager ? ' FOR UPDATE' : ''}`,
      [id],
    )) as OverrideRow[];
    return row ? toOverride(row) : null;
  }

  /** Newest first; `current`: not ended and not expired at `now`; otherwise the others. */
  async list(filter: { current?: boolean; now: Date; limit: number; offset: number }): Promise<EmergencyOverride[]> {
    const condition =
      filter.current === undefined
        ? 'true'
        : filter.current
          ? 'ended_at IS NULL AND expires_at > $1'
          : '(ended_at IS NOT NULL OR expires_at <= $1)';
    const rows: OverrideRow[] = await this.dataSource.query(
      `SELECT * FROM emergency_overrides WHERE ${condition} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [filter.now, filter.limit, filter.offset],
    );
    return rows.map(toOverride);
  }

  async save(manager: EntityManager, override: EmergencyOverride): Promise<void> {
    await manager.query(
      `UPDATE emergency_overrides SET message_id = $2, message_en = $3, message_version = $4, severity = $5,
         expires_at = $6, ended_at = $7, confirmed_at = $8, confirmed_by = $9, confirmed_by_email = $10, updated_at = $11
       WHERE id = $1`,
      [
        override.id,
        override.messageId,
        override.messageEn,
        override.messageVersion,
        override.severity,
        override.expiresAt,
        override.endedAt,
        override.confirmedAt,
        override.confirmedBy?.id ?? null,
        override.confirmedBy?.email ?? null,
        override.updatedAt,
      ],
    );
  }

  /**
   * Confirmed overrides whose span, cut at their end if ended early, overlaps [from, to), with
   * their bulletins that have an asset, newest message first.
   */
  async onAir(from: Date, to: Date): Promise<OverrideOnAir[]> {
    const rows: Array<OverrideRow & { ends_at: Date; cards: Array<{ preset: string; asset_id: string }> | null }> =
      await this.dataSource.query(
        `SELECT o.*, LEAST(o.expires_at, COALESCE(o.ended_at, o.expires_at)) AS ends_at,
                (SELECT json_agg(json_build_object('preset', b.preset, 'asset_id', b.asset_id) ORDER BY b.message_version DESC)
                   FROM emergency_bulletins b WHERE b.override_id = o.id AND b.asset_id IS NOT NULL) AS cards
           FROM emergency_overrides o
          WHERE (NOT o.needs_confirmation OR o.confirmed_at IS NOT NULL)
            AND o.starts_at < $2 AND LEAST(o.expires_at, COALESCE(o.ended_at, o.expires_at)) > $1
            AND LEAST(o.expires_at, COALESCE(o.ended_at, o.expires_at)) > o.starts_at
          ORDER BY o.starts_at, o.id`,
        [from, to],
      );
    return rows.map((row) => {
      const cards = new Map<string, string[]>();
      for (const card of row.cards ?? []) cards.set(card.preset, [...(cards.get(card.preset) ?? []), card.asset_id]);
      return {
        id: row.id,
        scope: scopeOf(row),
        mode: row.mode,
        source: sourceOf(row),
        messageId: row.message_id,
        messageEn: row.message_en,
        severity: row.severity,
        startsAt: row.starts_at,
        expiresAt: row.ends_at,
        cards,
      };
    });
  }

  /** Takeovers not over at `now`, each with its current message version: the ones that need bulletins. */
  async needingBulletins(now: Date): Promise<EmergencyOverride[]> {
    const rows: OverrideRow[] = await this.dataSource.query(
      `SELECT * FROM emergency_overrides WHERE mode = 'takeover' AND ended_at IS NULL AND expires_at > $1`,
      [now],
    );
    return rows.map(toOverride);
  }

  /**
   * True when this process claimed the bulletin (no other process makes it). A claim left
   * unfinished for a minute (its worker died) is taken over.
   */
  async claimBulletin(claim: BulletinClaim, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO emergency_bulletins AS b (override_id, preset, message_version, claimed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (override_id, preset, message_version) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
         WHERE b.asset_id IS NULL AND b.failure IS NULL AND b.claimed_at < EXCLUDED.claimed_at - interval '60 seconds'
       RETURNING override_id`,
      [claim.overrideId, claim.preset, claim.messageVersion, now],
    );
    return rows.length === 1;
  }

  async bulletinMade(claim: BulletinClaim, result: { assetId: string } | { failure: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE emergency_bulletins SET asset_id = $4, failure = $5
        WHERE override_id = $1 AND preset = $2 AND message_version = $3`,
      [
        claim.overrideId,
        claim.preset,
        claim.messageVersion,
        'assetId' in result ? result.assetId : null,
        'failure' in result ? result.failure : null,
      ],
    );
  }

  /** Bulletins of an override with what became of them. */
  async bulletinsOf(
    overrideId: string,
  ): Promise<Array<BulletinClaim & { assetId: string | null; failure: string | null }>> {
    const rows: Array<{ preset: string; message_version: number; asset_id: string | null; failure: string | null }> =
      await this.dataSource.query(
        'SELECT preset, message_version, asset_id, failure FROM emergency_bulletins WHERE override_id = $1 ORDER BY message_version DESC, preset',
        [overrideId],
      );
    return rows.map((row) => ({
      overrideId,
      preset: row.preset,
      messageVersion: row.message_version,
      assetId: row.asset_id,
      failure: row.failure,
    }));
  }

  async setServiceArea(stationId: string, polygon: readonly LatLon[], now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO station_service_areas (station_id, polygon, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (station_id) DO UPDATE SET polygon = EXCLUDED.polygon, updated_at = EXCLUDED.updated_at`,
      [stationId, JSON.stringify(polygon), now],
    );
  }

  async serviceArea(stationId: string): Promise<LatLon[] | null> {
    const [row] = (await this.dataSource.query('SELECT polygon FROM station_service_areas WHERE station_id = $1', [
      stationId,
    ])) as Array<{ polygon: LatLon[] }>;
    return row?.polygon ?? null;
  }

  async serviceAreas(): Promise<Map<string, LatLon[]>> {
    const rows: Array<{ station_id: string; polygon: LatLon[] }> = await this.dataSource.query(
      'SELECT station_id, polygon FROM station_service_areas',
    );
    return new Map(rows.map((row) => [row.station_id, row.polygon]));
  }

  /** The override a CAP message (by sender and identifier) created or changed; null when none was taken. */
  async overrideOfCap(sender: string, identifier: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      'SELECT override_id FROM emergency_cap_messages WHERE sender = $1 AND identifier = $2',
      [sender, identifier],
    )) as Array<{ override_id: string }>;
    return row?.override_id ?? null;
  }

  /** False when a message of that sender and identifier was taken before. */
  async recordCap(
    message: { sender: string; identifier: string; msgType: string },
    overrideId: string,
    now: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO emergency_cap_messages (sender, identifier, msg_type, override_id, received_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING identifier`,
      [message.sender, message.identifier, message.msgType, overrideId, now],
    );
    return rows.length === 1;
  }
}
