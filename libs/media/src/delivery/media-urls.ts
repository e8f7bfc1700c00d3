import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';

/** Root path under which the API streams media objects when no PUBLIC_MEDIA_BASE_URL is set. */
export const MEDIA_ROUTE_PREFIX = 'media';

/**
 * URLs of media objects as players see them: `${PUBLIC_MEDIA_BASE_URL}/${key}` (a CDN or
 * the bucket's public endpoint) when set, else the API's own `/media/${key}`.
 */
@Injectable()
export class MediaUrls {
  private readonly base?: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = config.media.publicBaseUrl;
  }

  segment(key: string): string {
    return this.object(key);
  }

  object(key: string): string {
    const path = key.split('/').map(encodeURIComponent).join('/');
    return this.base ? `${this.base}/${path}` : `/${MEDIA_ROUTE_PREFIX}/${path}`;
  }
}

export const vodPaths = {
  master: (assetId: string) => `/vod/${assetId}/master.m3u8`,
  presetMaster: (assetId: string, preset: string) => `/vod/${assetId}/${preset}/master.m3u8`,
};
