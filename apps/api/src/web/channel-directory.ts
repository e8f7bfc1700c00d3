import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { apiPath } from '@siaran/http';
import { ChannelKind, ChannelRef } from './channel-page';

export class ChannelLookupError extends Error {}

/**
 * Looks a channel up through the public channels API (`GET /api/v1/channels/:slug`), in process,
 * so the pages agree with what the player itself will read: a channel the API does not show has
 * no page.
 */
@Injectable()
export class ChannelDirectory {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async findBySlug(slug: string, requestId: string): Promise<ChannelRef | null> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const response = await fastify.inject({
      method: 'GET',
      url: `/${apiPath('channels')}/${encodeURIComponent(slug)}`,
      headers: { accept: 'application/json', 'x-request-id': requestId },
    });
    if (response.statusCode === 404) return null;
    if (response.statusCode !== 200) throw new ChannelLookupError(`GET /${apiPath('channels')}/${slug} answered ${response.statusCode}`);
    const body = response.json<{ slug: string; kind: ChannelKind }>();
    return { slug: body.slug, kind: body.kind };
  }
}
