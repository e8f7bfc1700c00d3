import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { ReadyVariants } from '@siaran/media';
import { ListenerCounter } from './listener-counter';
import { buildNowPlaying, NowPlaying } from './now-playing';
import { PlayoutChannel } from './playout-channels';
import { PlayoutStore } from './playout-store';
import { ScheduleSource } from './playout-sources';

const UPCOMING_MS = 24 * 60 * 60 * 1000;

/** What a channel airs at an instant, read from the same timeline the playlists come from. */
@Injectable()
export class NowPlayingService {
  constructor(
    private readonly store: PlayoutStore,
    private readonly schedule: ScheduleSource,
    private readonly variants: ReadyVariants,
    private readonly listeners: ListenerCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async at(channel: PlayoutChannel, at: number): Promise<NowPlaying> {
    const [found, upcoming] = await Promise.all([
      this.store.itemAt(channel.id, new Date(at)),
      this.schedule.occurrences(channel.id, new Date(at), new Date(at + UPCOMING_MS)),
    ]);
    const item = found?.item ?? null;
    const assetIds = new Set(upcoming.flatMap((o) => (o.source.kind === 'asset' ? [o.source.assetId] : [])));
    if (item) assetIds.add(item.assetId);
    const ready = await this.variants.readyVariants([...assetIds], channel.preset);

    let itemEndsAt: number | null = null;
    if (item?.kind === 'programme') {
      const slot = upcoming.find((o) => o.occurrenceKey === item.occurrenceKey);
      const assetEnd = item.startedAt.getTime() + (ready.get(item.assetId)?.durationMs ?? 0);
      itemEndsAt = Math.min(slot ? slot.end.getTime() : assetEnd, assetEnd);
    } else if (item) {
      const next = upcoming.find((o) => o.start.getTime() > at && o.source.kind === 'asset' && ready.has(o.source.assetId));
      itemEndsAt = next ? next.start.getTime() : null;
    }
    return buildNowPlaying({
      channel,
      publicBaseUrl: this.config.publicBaseUrl,
      at,
      item,
      itemEndsAt,
      upcoming,
      readyAssets: new Set(ready.keys()),
      listeners: this.listeners.count(channel.id, at),
    });
  }
}
