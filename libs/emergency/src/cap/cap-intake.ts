import { Inject, Injectable } from '@nestjs/common';
import { XMLBuilder } from 'fast-xml-parser';
import { AuthUser } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { StationsService } from '@siaran/scheduling';
import { Clock } from '@siaran/time';
import type { EmergencySeverity } from '../emergency-override';
import { EmergencyOperations, type OverrideView } from '../emergency-operations';
import { EmergencyStore } from '../emergency-store';
import { CAP_NAMESPACE, type CapAlert, type CapInfo, type LatLon, parseCapAlert } from './cap-alert';
import { areaMeets } from './cap-area';

/** A takeover needs the most severe and most urgent warning; anything else is a crawl. */
const TAKEOVER_WHEN = { severity: 'Extreme', urgency: 'Immediate' } as const;
/** An alert without an expiry is on for this long. */
const DEFAULT_SPAN_MS = 60 * 60 * 1000;
const MESSAGE_MAX = 500;
const MAX_POLYGON_POINTS = 1000;

export interface CapOutcome {
  action: 'created' | 'updated' | 'ended';
  override: OverrideView;
}

const invalid = (code: string, message: string) => new DomainError('invalid', code, message);

const messageOf = (info: CapInfo) =>
  [info.headline ?? info.event, info.instruction].filter(Boolean).join('. ').slice(0, MESSAGE_MAX);

const severityOf = (info: CapInfo): EmergencySeverity =>
  info.severity === 'Unknown' ? 'minor' : (info.severity.toLowerCase() as EmergencySeverity);

/** The Indonesian info block (else the first), and the English one if any. */
function infosOf(alert: CapAlert): { id: CapInfo; en: CapInfo | null } {
  const id = alert.infos.find((info) => info.language.toLowerCase().startsWith('id')) ?? alert.infos[0];
  const en = alert.infos.find((info) => info !== id && info.language.toLowerCase().startsWith('en')) ?? null;
  return { id, en };
}

/**
 * CAP 1.2 in and out: an Alert becomes an override of the stations whose service area its
 * area meets, an Update changes it, a Cancel ends it; and the active overrides as an Atom feed
 * of CAP entries for others to take.
 */
@Injectable()
export class CapIntake {
  private readonly builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true });

  constructor(
    private readonly store: EmergencyStore,
    private readonly operations: EmergencyOperations,
    private readonly stations: StationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(user: AuthUser, body: Buffer): Promise<CapOutcome> {
    const alert = parseCapAlert(body);
    if (alert.status !== 'Actual' && alert.status !== 'Exercise')
      throw invalid('CAP_NOT_FOR_AIR', `A CAP message of status ${alert.status} is not aired`);
    if (alert.msgType === 'Ack' || alert.msgType === 'Error')
      throw invalid('CAP_NOT_FOR_AIR', `A CAP ${alert.msgType} is not aired`);
    if (await this.store.overrideOfCap(alert.sender, alert.identifier))
      throw new DomainError(
        'conflict',
        'CAP_DUPLICATE',
        `CAP message ${alert.identifier} of ${alert.sender} was taken before`,
      );
    const reason = `CAP ${alert.msgType} ${alert.identifier} from ${alert.sender}`;
    if (alert.msgType === 'Alert') {
      const override = await this.create(user, alert, reason);
      await this.store.recordCap(alert, override.id, this.clock.now());
      return { action: 'created', override };
    }
    const overrideId = await this.referenced(alert);
    if (alert.msgType === 'Cancel') {
      const override = await this.operations.end(user, overrideId, reason);
      await this.store.recordCap(alert, overrideId, this.clock.now());
      return { action: 'ended', override };
    }
    if (alert.infos.length === 0) throw invalid('CAP_INVALID', 'Not a valid CAP 1.2 alert: an Update needs an <info>');
    const { id, en } = infosOf(alert);
    const override = await this.operations.update(user, overrideId, {
      messageId: messageOf(id),
      messageEn: en ? messageOf(en) : null,
      severity: severityOf(id),
      expiresAt: id.expires ?? undefined,
      reason,
    });
    await this.store.recordCap(alert, overrideId, this.clock.now());
    return { action: 'updated', override };
  }

  async setServiceArea(stationId: string, polygon: LatLon[]): Promise<LatLon[]> {
    if (!(await this.stations.ladderPresetsOf(stationId)))
      throw new DomainError('not-found', 'STATION_NOT_FOUND', `No station ${stationId}`);
    const [first, last] = [polygon[0], polygon.at(-1)];
    if (
      polygon.length < 4 ||
      polygon.length > MAX_POLYGON_POINTS ||
      !first ||
      !last ||
      first[0] !== last[0] ||
      first[1] !== last[1] ||
      polygon.some(([lat, lon]) => Math.abs(lat) > 90 || Math.abs(lon) > 180)
    )
      throw invalid(
        'SERVICE_AREA_INVALID',
        `A service area is a closed polygon of 4 to ${MAX_POLYGON_POINTS} [latitude, longitude] points, the last equal to the first`,
      );
    await this.store.setServiceArea(stationId, polygon, this.clock.now());
    return polygon;
  }

  async serviceArea(stationId: string): Promise<LatLon[]> {
    const polygon = await this.store.serviceArea(stationId);
    if (!polygon)
      throw new DomainError('not-found', 'SERVICE_AREA_NOT_FOUND', `Station ${stationId} has no service area`);
    return polygon;
  }

  /** The active overrides as an Atom feed, each entry carrying its CAP 1.2 alert. */
  async atomFeed(): Promise<string> {
    const now = this.clock.now();
    const overrides = (await this.operations.list({ current: true, limit: 200, offset: 0 })).filter(
      (o) => o.status === 'active',
    );
    const base = this.config.publicBaseUrl;
    const capTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const infoOf = (o: OverrideView, language: string, text: string) => ({
      language,
      category: 'Other',
      event: language === 'id-ID' ? 'Peringatan darurat' : 'Emergency warning',
      urgency: 'Immediate',
      severity: o.severity[0].toUpperCase() + o.severity.slice(1),
      certainty: 'Observed',
      expires: capTime(o.expiresAt),
      headline: text,
      area: { areaDesc: o.channels.join(', ') },
    });
    const feed = {
      '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
      feed: {
        '@xmlns': 'http://www.w3.org/2005/Atom',
        id: `${base}/alerts.cap`,
        title: 'Siaran: peringatan darurat',
        updated: now.toISOString(),
        link: { '@rel': 'self', '@href': `${base}/alerts.cap` },
        entry: overrides.map((o) => ({
          id: `urn:uuid:${o.id}`,
          title: o.message.id,
          updated: o.updatedAt.toISOString(),
          author: { name: new URL(base).hostname },
          content: {
            '@type': 'application/cap+xml',
            alert: {
              '@xmlns': CAP_NAMESPACE,
              identifier: o.id,
              sender: new URL(base).hostname,
              sent: capTime(o.startsAt),
              status: 'Actual',
              msgType: 'Alert',
              scope: 'Public',
              info: [infoOf(o, 'id-ID', o.message.id), ...(o.message.en ? [infoOf(o, 'en-US', o.message.en)] : [])],
            },
          },
        })),
      },
    };
    return this.builder.build(feed) as string;
  }

  private async create(user: AuthUser, alert: CapAlert, reason: string): Promise<OverrideView> {
    const { id, en } = infosOf(alert);
    const areas = alert.infos.flatMap((info) => info.areas);
    const serviceAreas = await this.store.serviceAreas();
    const stationIds = [...serviceAreas]
      .filter(([, polygon]) => areas.some((area) => areaMeets(area, polygon)))
      .map(([stationId]) => stationId);
    if (stationIds.length === 0)
      throw invalid('CAP_AREA_UNMATCHED', 'The alert’s area meets no station’s service area: nothing would air it');
    const takeover = id.severity === TAKEOVER_WHEN.severity && id.urgency === TAKEOVER_WHEN.urgency;
    return this.operations.create(user, {
      scope: { kind: 'stations', stationIds },
      mode: takeover ? 'takeover' : 'crawl',
      ...(takeover ? { source: { kind: 'generated' as const } } : {}),
      messageId: messageOf(id),
      messageEn: en ? messageOf(en) : null,
      severity: severityOf(id),
      expiresAt: id.expires ?? new Date(alert.sent.getTime() + DEFAULT_SPAN_MS),
      reason,
    });
  }

  private async referenced(alert: CapAlert): Promise<string> {
    for (const reference of alert.references) {
      const overrideId = await this.store.overrideOfCap(reference.sender, reference.identifier);
      if (overrideId) return overrideId;
    }
    throw new DomainError(
      'not-found',
      'CAP_REFERENCE_UNKNOWN',
      `No override came from the alerts ${alert.msgType} refers to`,
    );
  }
}
