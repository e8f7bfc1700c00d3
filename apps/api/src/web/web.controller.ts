import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponse, WebPagesService } from './web-pages.service';

/**
 * Scripts and styles come only from this origin (hashed files under /assets); streams, artwork
 * and logos may be on object storage or a CDN; hls.js runs its demuxer in a blob: worker.
 */
const CONTENT_SECURITY_POLICY = [
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
].join('; ');

/** The public web player: one HTML page for the home page and every channel page. */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly pages: WebPagesService) {}

  @Get()
  async home(@Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.home());
  }

  @Get('watch/:slug')
  async watch(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.channel('tv', slug, request.id));
  }

  @Get('listen/:slug')
  async listen(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.pages.channel('radio', slug, request.id));
  }
}

function send(reply: FastifyReply, page: PageResponse): void {
  if (page.type === 'redirect') {
    void reply.header('Cache-Control', 'no-cache').redirect(page.location, 302);
    return;
  }
  void reply
    .status(page.status)
    .header('Content-Type', 'text/html; charset=utf-8')
    // The page names the hashed assets of the current build: always revalidate it.
    .header('Cache-Control', 'no-cache')
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'strict-origin-when-cross-origin')
    .send(page.html);
}
