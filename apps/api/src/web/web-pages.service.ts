import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '@siaran/http';
import { ChannelDirectory, ChannelLookupError } from './channel-directory';
import { ChannelKind, channelPage, SLUG_PATTERN } from './channel-page';
import { WebAssets } from './web-assets';

export type PageResponse = { type: 'html'; status: number; html: string } | { type: 'redirect'; location: string };

@Injectable()
export class WebPagesService {
  private readonly logger = new Logger('WebPages');

  constructor(
    private readonly assets: WebAssets,
    private readonly channels: ChannelDirectory,
  ) {}

  async home(): Promise<PageResponse> {
    return { type: 'html', status: 200, html: await this.html() };
  }

  /**
   * The player page of a channel, or its embeddable player (kind null): 404 (with the page's own
   * 404 state) for an unknown slug.
   */
  async channel(kind: ChannelKind | null, slug: string, requestId: string): Promise<PageResponse> {
    const html = await this.html();
    if (!SLUG_PATTERN.test(slug)) return { type: 'html', status: 404, html };
    let channel;
    try {
      channel = await this.channels.findBySlug(slug);
    } catch (error) {
      if (!(error instanceof ChannelLookupError)) throw error;
      // The page still loads; it shows its own error state and a retry button.
      this.logger.warn({ reqId: requestId, err: error }, `channel page ${slug}: ${error.message}`);
      return { type: 'html', status: 503, html };
    }
    const page = channelPage(kind, channel);
    return page.type === 'redirect' ? page : { type: 'html', status: page.status, html };
  }

  private async html(): Promise<string> {
    const html = await this.assets.indexHtml();
    if (html === null)
      throw new ApiError(
        503,
        'WEB_NOT_BUILT',
        'The web player is not built: run "npm run build:web" (npm start does it)',
      );
    return html;
  }
}
