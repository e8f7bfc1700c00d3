import { Injectable } from '@nestjs/common';
import { PlayoutChannels } from '@siaran/playout';
import { Clock } from '@siaran/time';
import { ChannelRef } from './channel-page';

export class ChannelLookupError extends Error {}

/** Which public channels have a page: the same lookup the live playlists use. */
@Injectable()
export class ChannelDirectory {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly clock: Clock,
  ) {}

  async findBySlug(slug: string): Promise<ChannelRef | null> {
    try {
      const channel = await this.channels.bySlugCached(slug, this.clock.now().getTime());
      return channel && channel.isPublic ? { slug: channel.slug, kind: channel.kind } : null;
    } catch (error) {
      throw new ChannelLookupError(`channel ${slug} could not be looked up: ${(error as Error).message}`);
    }
  }
}
