import fastifyStatic from '@fastify/static';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { PlayoutModule } from '@siaran/playout';
import { ChannelDirectory } from './channel-directory';
import { WebAssets } from './web-assets';
import { WEB_DIST_DIR, locateWebDist } from './web-dist';
import { WebController } from './web.controller';
import { WebPagesService } from './web-pages.service';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The public web player (built from web/ into dist/web by `npm run build:web`): the pages at
 * /, /watch/:slug and /listen/:slug, and its hashed files at /assets/* with a year of caching.
 */
@Module({
  imports: [PlayoutModule],
  controllers: [WebController],
  providers: [
    { provide: WEB_DIST_DIR, useFactory: () => locateWebDist() },
    WebAssets,
    ChannelDirectory,
    WebPagesService,
  ],
})
export class WebModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly assets: WebAssets,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, {
      root: this.assets.assetsDirectory,
      prefix: '/assets/',
      // Files are looked up per request, so a missing or rebuilt dist/web does not need a restart.
      wildcard: true,
      decorateReply: false,
      index: false,
      list: false,
      redirect: false,
      dotfiles: 'deny',
      // Vite writes .br and .gz beside each text asset.
      preCompressed: true,
      // Names carry a hash of the content: a changed file has a new name.
      cacheControl: true,
      maxAge: ONE_YEAR_MS,
      immutable: true,
      suppressWarning: true,
    });
  }
}
