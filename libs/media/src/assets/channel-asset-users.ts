import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Whatever makes a channel air assets (a schedule, a filler, a slate), as the media library
 * sees it without knowing it: the contexts that keep those records implement this and
 * register with `ChannelAssetUsers` when their module starts.
 */
export abstract class ChannelAssetUser {
  /** Inside the caller's transaction: the assets the channel may still air at or after `now`. */
  abstract assetsStillAired(manager: EntityManager, channelId: string, now: Date): Promise<string[]>;
}

/** The registered users, asked together when a channel needs every asset it may still air. */
@Injectable()
export class ChannelAssetUsers {
  private readonly users: ChannelAssetUser[] = [];

  register(user: ChannelAssetUser): void {
    this.users.push(user);
  }

  /** Distinct asset ids, sorted: transcodes are queued (and assets locked) in one order. */
  async assetsStillAired(manager: EntityManager, channelId: string, now: Date): Promise<string[]> {
    const ids = new Set<string>();
    for (const user of this.users) for (const id of await user.assetsStillAired(manager, channelId, now)) ids.add(id);
    return [...ids].sort();
  }
}
