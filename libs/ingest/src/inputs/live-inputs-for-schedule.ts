import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LiveInputDirectory, LiveInputRegistry } from '@siaran/scheduling';

/** Tells the schedule which channel a live input belongs to, holding the input until the schedule write commits. */
@Injectable()
export class LiveInputsForSchedule extends LiveInputDirectory implements OnModuleInit {
  constructor(private readonly registry: LiveInputRegistry) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async channelOf(manager: EntityManager, liveInputId: string): Promise<string | null> {
    const rows: Array<{ channel_id: string }> = await manager.query(
      'SELECT channel_id FROM live_inputs WHERE id = $1 FOR KEY SHARE',
      [liveInputId],
    );
    return rows[0]?.channel_id ?? null;
  }
}
