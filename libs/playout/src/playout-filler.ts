import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@siaran/core';
import { PlayoutChannel, PlayoutChannels } from './playout-channels';

/** The filler a channel loops when nothing else can air. */
@Injectable()
export class PlayoutFiller {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: PlayoutChannels,
  ) {}

  async set(channel: PlayoutChannel, assetId: string | null): Promise<void> {
    if (assetId !== null) {
      const [asset] = await this.dataSource.query('SELECT station_id FROM assets WHERE id = $1', [assetId]);
      if (!asset) throw new DomainError('not-found', 'ASSET_NOT_FOUND', `No asset ${assetId}`);
      if (asset.station_id !== channel.stationId) throw new DomainError('conflict', 'ASSET_OF_OTHER_STATION', 'The filler must be an asset of the channel\'s own station');
    }
    await this.channels.setFiller(channel.id, assetId);
  }
}
