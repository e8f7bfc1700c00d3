import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'worker_instances' })
export class WorkerInstanceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  hostname: string;

  @Column('integer')
  pid: number;

  @Column('text')
  version: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;
}
