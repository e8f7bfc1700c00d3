import { Injectable, Logger } from '@nestjs/common';
import { PlayoutStore } from './playout-store';

interface LoggedChannel {
  id: string;
  slug: string;
}

/**
 * One log line each time what a channel airs changes: another item, a fall back to filler, off
 * air. Engineers read the log to tell when and why a channel switched, once per change.
 */
@Injectable()
export class AirSwitchLog {
  private readonly logger = new Logger(AirSwitchLog.name);
  /** Per channel, the item last logged as airing (null: off air). */
  private readonly airing = new Map<string, string | null>();

  constructor(private readonly store: PlayoutStore) {}

  async note(channels: readonly LoggedChannel[], now: number): Promise<void> {
    for (const channel of channels) {
      const found = await this.store.itemAt(channel.id, new Date(now));
      const item = found?.item ?? null;
      const previous = this.airing.get(channel.id);
      if (previous !== undefined && previous === (item?.id ?? null)) continue;
      this.airing.set(channel.id, item?.id ?? null);
      if (!item) {
        if (previous !== undefined)
          this.logger.warn({ channel: channel.slug, event: 'off-air' }, 'channel went off air');
        continue;
      }
      const event = item.kind === 'filler' ? 'filler' : 'switch';
      this.logger.log(
        {
          channel: channel.slug,
          event,
          itemId: item.id,
          kind: item.kind,
          title: item.title,
          reason: item.reason,
          entryId: item.entryId,
          startedAt: item.startedAt.toISOString(),
        },
        event === 'filler' ? `filler on air: ${item.title}` : `on air: ${item.title}`,
      );
    }
  }
}
