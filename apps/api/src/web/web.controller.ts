import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { PageResponse, WebPagesService } from './web-pages.service';

/**
 * Scripts and styles come only from this origin (hashed files under /assets); streams, artwork
 * and logos may be on object storage or a CDN; hls.js runs its demuxer in a blob: worker.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src * data: blob:',
  'media-src * blob: data:',
  'connect-src *',
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/**
 * The page headers about where it may run: this origin and FRAME_ANCESTORS may frame the player
 * (a station embeds it on its own site), no other site may (clickjacking). X-Frame-Options, for
 * browsers without frame-ancestors, can only name this origin.
 */
export function pageSecurityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  const policy = [...PAGE_POLICY, ["frame-ancestors 'self'", ...frameAncestors].join(' ')].join('; ');
  return {
    'Content-Security-Policy': policy,
    ...(frameAncestors.length === 0 ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

/**
 * The embeddable player may be framed by any site: a station puts it on its own website, wherever
 * that is. It offers nothing to click that acts for the viewer (no login, no session, no writes),
 * so framing it cannot be used to trick anyone into an action.
 */
export function embedSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': [...PAGE_POLICY, 'frame-ancestors *'].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

/** The public web player: one HTML page for the home page, every channel page and every embedded player. */
@ApiExcludeController()
@Controller()
export class WebController {
  private readonly securityHeaders: Record<string, string>;
  private readonly embedHeaders = embedSecurityHeaders();

  constructor(
    private readonly pages: WebPagesService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.securityHeaders = pageSecurityHeaders(config.http.frameAncestors);
  }

  @Get()
  async home(@Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.home(), this.securityHeaders);
  }

  @Get('watch/:slug')
  async watch(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.channel('tv', slug, request.id), this.securityHeaders);
  }

  @Get('listen/:slug')
  async listen(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.channel('radio', slug, request.id), this.securityHeaders);
  }

  @Get('embed/:slug')
  async embed(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.channel(null, slug, request.id), this.embedHeaders);
  }
}

function send(reply: FastifyReply, page: PageResponse, securityHeaders: Record<string, string>): void {
  if (page.type === 'redirect') {
    void reply.header('Cache-Control', 'no-cache').redirect(page.location, 302);
    return;
  }
  void reply
    .status(page.status)
    .header('Content-Type', 'text/html; charset=utf-8')
    // The page names the hashed assets of the current build: always revalidate it.
    .header('Cache-Control', 'no-cache')
    .headers(securityHeaders)
    .send(page.html);
}
