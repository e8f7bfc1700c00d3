import { Injectable } from '@nestjs/common';
import { DomainError } from '@siaran/core';
import { PlayoutChannel, PlayoutChannels } from './playout-channels';
import { AssetSource, PlaylistSource } from './playout-sources';

/** What a channel airs when nothing else can: a playlist item after item, an asset looped, or both. */
export interface FillerChoice {
  assetId: string | null;
  playlistId: string | null;
}

/** The filler a channel airs when nothing else can. */
@Injectable()
export class PlayoutFiller {
  constructor(
    private readonly assets: AssetSource,
    private readonly playlists: PlaylistSource,
    private readonly channels: PlayoutChannels,
  ) {}

  async set(channel: PlayoutChannel, filler: FillerChoice): Promise<void> {
    if (filler.assetId !== null) {
      const stationId = await this.assets.stationOf(filler.assetId);
      if (stationId === null) throw new DomainError('not-found', 'ASSET_NOT_FOUND', `No asset ${filler.assetId}`);
      if (stationId !== channel.stationId)
        throw new DomainError(
          'conflict',
          'ASSET_OF_OTHER_STATION',
          "The filler must be an asset of the channel's own station",
        );
    }
    if (filler.playlistId !== null) {
      const playlist = (await this.playlists.playlistsForAir([filler.playlistId])).get(filler.playlistId);
      if (!playlist) throw new DomainError('not-found', 'PLAYLIST_NOT_FOUND', `No playlist ${filler.playlistId}`);
      if (playlist.stationId !== channel.stationId)
        throw new DomainError(
          'conflict',
          'PLAYLIST_OF_OTHER_STATION',
          "The filler must be a playlist of the channel's own station",
        );
    }
    await this.channels.setFiller(channel.id, filler);
  }
}
