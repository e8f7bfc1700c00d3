import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'stations' })
export class StationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The station's own website, linked from its channel pages. */
  @Column({ name: 'website_url', type: 'text', nullable: true })
  websiteUrl: string | null;

  /** How listeners reach the station (phone, WhatsApp, e-mail), as the station writes it. */
  @Column({ type: 'text', nullable: true })
  contact: string | null;

  /** When the logo in object storage was last set; null without one. */
  @Column({ name: 'logo_updated_at', type: 'timestamptz', nullable: true })
  logoUpdatedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export type ChannelKind = 'tv' | 'radio';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['tv', 'radio'];

@Entity({ name: 'channels' })
export class ChannelEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @Column('text')
  kind: ChannelKind;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column({ name: 'logo_url', type: 'text', nullable: true })
  logoUrl: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column('text')
  timezone: string;

  @Column('text')
  language: string;

  @Column({ name: 'ladder_preset', type: 'text' })
  ladderPreset: string;

  @Column({ name: 'is_public', type: 'boolean' })
  isPublic: boolean;

  /** bigint, read as text by pg. */
  @Column({ name: 'schedule_version', type: 'bigint', insert: false, update: false })
  scheduleVersion: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'programmes' })
export class ProgrammeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @Column('text')
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  host: string | null;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ name: 'artwork_url', type: 'text', nullable: true })
  artworkUrl: string | null;

  @Column('text')
  language: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const defaultLadderPreset = (kind: ChannelKind) => (kind === 'tv' ? 'tv-default' : 'radio-default');
