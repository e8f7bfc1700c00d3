import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LiveInputKind, OutsideSlotPolicy } from '../feed';

/** One row per input; the fields of other kinds stay null (the table checks it). */
@Entity({ name: 'live_inputs' })
export class LiveInputEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'channel_id', type: 'uuid' }) channelId: string;
  @Column('text') name: string;
  @Column('text') kind: LiveInputKind;
  @Column('boolean') enabled: boolean;
  @Column({ name: 'air_when_connected', type: 'boolean' }) airWhenConnected: boolean;
  @Column({ name: 'outside_slots', type: 'text' }) outsideSlots: OutsideSlotPolicy;
  /** The stream key, passphrase or password, as `InputSecrets` sealed it; null for relays. */
  @Column({ name: 'secret_ciphertext', type: 'text', nullable: true }) secretCiphertext: string | null;
  @Column({ name: 'srt_port', type: 'integer', nullable: true }) srtPort: number | null;
  /** Icecast mount, without the leading slash. */
  @Column({ type: 'text', nullable: true }) mount: string | null;
  /** What a relay pulls. */
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
