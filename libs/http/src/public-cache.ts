import { createHash } from 'node:crypto';
import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { LaneAnswer } from './fast-lane';

const MAX_AGE = Symbol('siaran:public-cache-max-age');

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

export const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** A JSON answer serialised and hashed once, for handlers that serve the same answer many times. */
export class PreparedJson {
  readonly payload: string;
  readonly etag: string;

  constructor(body: unknown) {
    this.payload = JSON.stringify(body);
    this.etag = etagOf(this.payload);
  }
}

/** The status and caching headers of a public answer: 304 when If-None-Match already names its ETag. */
function conditional(
  ifNoneMatch: string | undefined,
  etag: string,
  maxAgeSeconds: number,
): { status: 200 | 304; headers: { etag: string; 'cache-control': string } } {
  return {
    status: etagMatches(ifNoneMatch, etag) ? 304 : 200,
    headers: { etag, 'cache-control': `public, max-age=${maxAgeSeconds}` },
  };
}

/** The answer to a public JSON read, for a fast lane: what PublicCache makes of the same PreparedJson. */
export function publicJsonAnswer(
  ifNoneMatch: string | undefined,
  answer: PreparedJson,
  maxAgeSeconds: number,
): LaneAnswer {
  const { status, headers } = conditional(ifNoneMatch, answer.etag, maxAgeSeconds);
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      etag: headers.etag,
      'cache-control': headers['cache-control'],
    },
    body: status === 304 ? '' : answer.payload,
  };
}

/**
 * Public reads: the body (JSON, or a string such as XML) gets an ETag from its hash and a
 * short Cache-Control; a request whose If-None-Match names that ETag gets 304 and no body.
 */
@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const maxAge = this.reflector.get<number>(MAX_AGE, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const prepared = body instanceof PreparedJson ? body : undefined;
        const payload = prepared?.payload ?? (typeof body === 'string' ? body : JSON.stringify(body));
        if (typeof body !== 'string') void reply.type('application/json; charset=utf-8');
        const { status, headers } = conditional(
          request.headers['if-none-match'],
          prepared?.etag ?? etagOf(payload),
          maxAge,
        );
        void reply.status(status).headers(headers);
        return status === 304 ? '' : payload;
      }),
    );
  }
}

/** Marks a public GET as cacheable for `maxAgeSeconds`, with ETag and 304. */
export function PublicCache(maxAgeSeconds = 10): MethodDecorator {
  return applyDecorators(
    SetMetadata(MAX_AGE, maxAgeSeconds),
    UseInterceptors(PublicCacheInterceptor),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'An ETag from an earlier answer: 304 Not Modified when it still holds.',
    }),
    ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match.' }),
  );
}
