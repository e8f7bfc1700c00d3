import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, APP_VERSION, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { Clock } from '@siaran/time';
import { BoundedCache } from '@siaran/core';
import { liveStreamUrl, xmltvChannelId } from '../catalog/catalog-views';
import { ChannelKind } from '../catalog/entities';
import { ScheduleErrorCode } from '../schedule-errors';
import { ScheduleChanges } from '../schedule-changes';
import { ScheduleReader } from '../schedule/schedule-reader';
import { Occurrence } from '../schedule/schedule-types';
import { TimeZone } from '../time/time-zone';
import { DAY_MS, HOUR_MS } from '../time/wall-time';
import { parseInstant, parseRange } from './instants';
import { renderM3u } from './m3u';
import { GuideChannel, renderXmltv } from './xmltv';

export interface ChannelHeading {
  id: string;
  slug: string;
  name: string;
  kind: ChannelKind;
  timezone: string;
  scheduleVersion: string;
}

export interface ChannelSchedule {
  channel: ChannelHeading;
  from: Date;
  to: Date;
  occurrences: Occurrence[];
}

export interface NowNext {
  channel: ChannelHeading;
  at: Date;
  current: Occurrence | null;
  next: Occurrence[];
}

/** How far ahead "next" looks. */
const NEXT_HORIZON_MS = 7 * DAY_MS;
/**
 * How long a channel read by slug is reused without asking the database: the public reads
 * then cost no query at all. A write in this process is seen at once (ScheduleChanges); one
 * in another process within this time.
 */
const HEADING_TTL_MS = 1000;

/** The public reads: a channel's schedule, what is on now and next, XMLTV and M3U. */
@Injectable()
export class GuideService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reader: ScheduleReader,
    private readonly changes: ScheduleChanges,
  ) {}

  /** The read in flight or done, shared by every request for the slug meanwhile. */
  private readonly headings = new BoundedCache<string, { heading: Promise<ChannelHeading>; generation: number }>(
    10_000,
    HEADING_TTL_MS,
  );

  /** Raised by every schedule write committed in this process: an answer built under another is stale. */
  get generation(): number {
    return this.changes.current;
  }

  async schedule(slug: string, fromText: string | undefined, toText: string | undefined): Promise<ChannelSchedule> {
    const channel = await this.channel(slug);
    const { from, to } = parseRange(fromText, toText, TimeZone.of(channel.timezone));
    return { channel, from, to, occurrences: await this.reader.occurrencesOf(channel, from, to) };
  }

  async nowNext(slug: string, atText: string | undefined, count: number): Promise<NowNext> {
    const channel = await this.channel(slug);
    // Schedule times are whole seconds: every instant of one second has the same answer.
    const asked = atText === undefined ? this.clock.now() : parseInstant(atText, TimeZone.of(channel.timezone), 'at');
    const at = new Date(Math.floor(asked.getTime() / 1000) * 1000);
    const occurrences = await this.reader.occurrencesOf(channel, at, new Date(at.getTime() + NEXT_HORIZON_MS));
    const current = occurrences.find((o) => o.start.getTime() <= at.getTime()) ?? null;
    return { channel, at, current, next: occurrences.filter((o) => o !== current).slice(0, count) };
  }

  /** XMLTV of every listed channel, from the start of this hour for `days` days. */
  async xmltv(days: number): Promise<string> {
    const from = new Date(Math.floor(this.clock.now().getTime() / HOUR_MS) * HOUR_MS);
    const to = new Date(from.getTime() + days * DAY_MS);
    const channels = await this.guideChannels();
    const withOccurrences = [];
    for (const { channel, heading } of channels)
      withOccurrences.push({ channel, occurrences: await this.reader.occurrencesOf(heading, from, to) });
    return renderXmltv(withOccurrences, { name: `Siaran ${APP_VERSION}`, url: this.config.publicBaseUrl });
  }

  async m3u(): Promise<string> {
    return renderM3u(
      (await this.guideChannels()).map((c) => c.channel),
      `${this.config.publicBaseUrl}/epg.xml`,
    );
  }

  private async channel(slug: string): Promise<ChannelHeading> {
    const now = this.clock.now().getTime();
    const cached = this.headings.get(slug, now);
    if (cached && cached.generation === this.changes.current) return cached.heading;
    const heading = this.readChannel(slug);
    const entry = { heading, generation: this.changes.current };
    this.headings.set(slug, entry, now);
    heading.catch(() => {
      if (this.headings.get(slug, now) === entry) this.headings.delete(slug);
    });
    return heading;
  }

  private async readChannel(slug: string): Promise<ChannelHeading> {
    const rows: Array<{
      id: string;
      slug: string;
      name: string;
      kind: ChannelKind;
      timezone: string;
      schedule_version: string;
    }> = await this.dataSource.query(
      'SELECT id, slug, name, kind, timezone, schedule_version FROM channels WHERE slug = $1',
      [slug],
    );
    const row = rows[0];
    if (!row) throw new DomainError('not-found', ScheduleErrorCode.ChannelNotFound, `No channel ${slug}`);
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      kind: row.kind,
      timezone: row.timezone,
      scheduleVersion: row.schedule_version,
    };
  }

  private async guideChannels(): Promise<Array<{ channel: GuideChannel; heading: ChannelHeading }>> {
    const rows: Array<{
      id: string;
      slug: string;
      name: string;
      kind: ChannelKind;
      timezone: string;
      schedule_version: string;
      language: string;
      logo_url: string | null;
      station_name: string;
    }> = await this.dataSource.query(
      `SELECT c.id, c.slug, c.name, c.kind, c.timezone, c.schedule_version, c.language, c.logo_url, s.name AS station_name
           FROM channels c JOIN stations s ON s.id = c.station_id
          WHERE c.is_public ORDER BY s.name, c.name`,
    );
    return rows.map((row) => ({
      heading: {
        id: row.id,
        slug: row.slug,
        name: row.name,
        kind: row.kind,
        timezone: row.timezone,
        scheduleVersion: row.schedule_version,
      },
      channel: {
        xmltvId: xmltvChannelId(row.slug),
        slug: row.slug,
        name: row.name,
        kind: row.kind,
        language: row.language,
        logoUrl: row.logo_url,
        stationName: row.station_name,
        streamUrl: liveStreamUrl(this.config.publicBaseUrl, row.slug),
        timezone: row.timezone,
      },
    }));
  }
}
