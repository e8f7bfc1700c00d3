import { Injectable } from '@nestjs/common';
import { DomainError } from '@siaran/core';
import { StorageKeys } from '@siaran/storage';
import { AssetStore } from '../assets/asset-store';
import { ReadyVariant, ReadyVariants } from '../assets/ready-variants';
import { renderMultivariantPlaylist, renderVodMediaPlaylist } from '../hls/hls-playlists';
import { isVideoPreset } from '../presets/ladder-preset';
import { LadderPresets } from '../presets/ladder-presets';
import { MEDIA_PLAYLIST_NAME } from '../transcode/ffmpeg-args';
import { MediaUrls } from './media-urls';
import { grantQuery, VodGrant } from './vod-grants';

const notReady = (assetId: string) =>
  new DomainError('not-found', 'VOD_NOT_FOUND', `Asset ${assetId} has no ready rendition to play.`);

/**
 * VOD playlists of ready assets, rendered from the segment lists in PostgreSQL: the
 * multivariant playlist points at the API's media playlists, whose segment URLs come
 * from MediaUrls (the API itself, or PUBLIC_MEDIA_BASE_URL).
 */
@Injectable()
export class VodPlaylists {
  constructor(
    private readonly store: AssetStore,
    private readonly readyVariants: ReadyVariants,
    private readonly urls: MediaUrls,
    private readonly presets: LadderPresets,
  ) {}

  /**
   * The multivariant playlist of `preset`, or of the asset's ready ladder with pictures if it has
   * one, else its first ready one. Its media playlist URIs carry `grant`: a relative URI does not
   * inherit the query of the playlist that names it.
   */
  async master(assetId: string, grant: VodGrant, preset?: string): Promise<string> {
    const ready = (await this.store.findVariants(assetId)).filter((v) => v.status === 'ready').map((v) => v.preset);
    const chosen =
      preset ?? ready.find((name) => this.presets.has(name) && isVideoPreset(this.presets.get(name))) ?? ready[0];
    if (!chosen) throw notReady(assetId);
    const variant = await this.variant(assetId, chosen);
    const prefix = preset ? '' : `${chosen}/`;
    return renderMultivariantPlaylist(
      variant.renditions.map((r) => ({ ...r, uri: `${prefix}${r.name}/${MEDIA_PLAYLIST_NAME}?${grantQuery(grant)}` })),
    );
  }

  async media(assetId: string, preset: string, rendition: string): Promise<string> {
    const variant = await this.variant(assetId, preset);
    if (!variant.renditions.some((r) => r.name === rendition))
      throw new DomainError(
        'not-found',
        'VOD_NOT_FOUND',
        `Asset ${assetId} has no rendition ${rendition} in ${preset}.`,
      );
    return renderVodMediaPlaylist(
      variant.segments.map((s) => ({
        uri: this.urls.segment(StorageKeys.assetSegment(assetId, preset, rendition, s.index)),
        durationMs: s.durationMs,
      })),
    );
  }

  private async variant(assetId: string, preset: string): Promise<ReadyVariant> {
    const variant = await this.readyVariants.readyVariant(assetId, preset);
    if (!variant) throw notReady(assetId);
    return variant;
  }
}
