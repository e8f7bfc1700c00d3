import { Injectable } from '@nestjs/common';
import { DomainError } from '@siaran/core';
import { PlayoutChannel, PlayoutChannels } from './playout-channels';
import { AssetSource } from './playout-sources';

/** The filler a channel loops when nothing else can air. */
@Injectable()
export class PlayoutFiller {
  constructor(
    private readonly assets: AssetSource,
    private readonly channels: PlayoutChannels,
  ) {}

  async set(channel: PlayoutChannel, assetId: string | null): Promise<void> {
    if (assetId !== null) {
      const stationId = await this.assets.stationOf(assetId);
      if (stationId === null) throw new DomainError('not-found', 'ASSET_NOT_FOUND', `No asset ${assetId}`);
      if (stationId !== channel.stationId)
        throw new DomainError(
          'conflict',
          'ASSET_OF_OTHER_STATION',
          "The filler must be an asset of the channel's own station",
        );
    }
    await this.channels.setFiller(channel.id, assetId);
  }
}
