import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChannelKind } from './entities';

/** A channel with its station's name, as other contexts read it. */
export interface ChannelProfile {
  id: string;
  slug: string;
  name: string;
  kind: ChannelKind;
  ladderPreset: string;
  timezone: string;
  logoUrl: string | null;
  isPublic: boolean;
  stationId: string;
  stationName: string;
  /** `channels.schedule_version` when it was read. */
  scheduleVersion: string;
}

interface ProfileRow {
  id: string;
  slug: string;
  name: string;
  kind: ChannelKind;
  ladder_preset: string;
  timezone: string;
  logo_url: string | null;
  is_public: boolean;
  station_id: string;
  station_name: string;
  schedule_version: string;
}

const PROFILE_SELECT = `SELECT c.id, c.slug, c.name, c.kind, c.ladder_preset, c.timezone, c.logo_url, c.is_public, c.station_id, s.name AS station_name, c.schedule_version
  FROM channels c JOIN stations s ON s.id = c.station_id`;

const toProfile = (row: ProfileRow): ChannelProfile => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  kind: row.kind,
  ladderPreset: row.ladder_preset,
  timezone: row.timezone,
  logoUrl: row.logo_url,
  isPublic: row.is_public,
  stationId: row.station_id,
  stationName: row.station_name,
  scheduleVersion: row.schedule_version,
});

/** Channels as other contexts read them, each in one query. */
@Injectable()
export class ChannelProfiles {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every channel, sorted by slug. */
  async all(): Promise<ChannelProfile[]> {
    const rows: ProfileRow[] = await this.dataSource.query(`${PROFILE_SELECT} ORDER BY c.slug`);
    return rows.map(toProfile);
  }

  async byId(id: string): Promise<ChannelProfile | null> {
    const [row] = (await this.dataSource.query(`${PROFILE_SELECT} WHERE c.id = $1`, [id])) as ProfileRow[];
    return row ? toProfile(row) : null;
  }

  async bySlug(slug: string): Promise<ChannelProfile | null> {
    const [row] = (await this.dataSource.query(`${PROFILE_SELECT} WHERE c.slug = $1`, [slug])) as ProfileRow[];
    return row ? toProfile(row) : null;
  }
}
