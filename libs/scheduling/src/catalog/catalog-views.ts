import { type AuditActor, SYSTEM_ACTOR } from '@siaran/audit';
import { type AuthUser, SYSTEM_USER } from '@siaran/auth';
import { apiPath } from '@siaran/http';
import { type ChannelEntity, type ProgrammeEntity, type StationEntity } from './entities';

/** What the audit log keeps of each: the fields as the API shows them. */
export function stationSnapshot(station: StationEntity): object {
  return {
    slug: station.slug,
    name: station.name,
    description: station.description,
    websiteUrl: station.websiteUrl,
    contact: station.contact,
    logoUpdatedAt: station.logoUpdatedAt?.toISOString() ?? null,
  };
}

export function channelSnapshot(channel: ChannelEntity): object {
  const { id: _id, scheduleVersion: _version, createdAt: _created, updatedAt: _updated, ...fields } = channel;
  return fields;
}

export function programmeSnapshot(programme: ProgrammeEntity): object {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = programme;
  return fields;
}

export const actorOf = (user: AuthUser): AuditActor =>
  user === SYSTEM_USER ? SYSTEM_ACTOR : { id: user.id, email: user.email };

/** Identifier of a channel in XMLTV and tvg-id in M3U: stable while the slug is. */
export const xmltvChannelId = (slug: string) => `${slug}.siaran`;

/** The station's logo, versioned by when it was set so that a new one is never taken from a cache; null without one. */
export const stationLogoUrl = (publicBaseUrl: string, station: Pick<StationEntity, 'id' | 'logoUpdatedAt'>) =>
  station.logoUpdatedAt
    ? `${publicBaseUrl}/${apiPath(`stations/${station.id}/logo`)}?v=${station.logoUpdatedAt.getTime()}`
    : null;

/** The channel's live HLS stream, served by the playout. */
export const liveStreamUrl = (publicBaseUrl: string, slug: string) => `${publicBaseUrl}/live/${slug}/master.m3u8`;
