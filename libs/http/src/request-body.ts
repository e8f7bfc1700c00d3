import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ApiError, ErrorCode } from './api-error';

/** The key of a route's Fastify config holding its own body limit (see BodyLimit). */
export const BODY_LIMIT_CONFIG = 'bodyLimitBytes';

/** Deeper JSON is refused before it is parsed: no request of the API nests nearly as deep. */
export const JSON_MAX_DEPTH = 32;
/** More items in one JSON array or object are refused before validation walks them. */
export const JSON_MAX_ITEMS = 1000;

/**
 * Adds to a handler's Fastify route config, keeping what other decorators put there
 * (Nest's own RouteConfig replaces the whole config).
 */
export function addRouteConfig(config: Record<string, unknown>): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const current = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as Record<string, unknown> | undefined;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...current, ...config }, handler);
    return descriptor;
  };
}

/**
 * The largest body this route reads, in place of the default (JSON_BODY_LIMIT_BYTES): past
 * it, or as soon as a Content-Length above it arrives, 413 BODY_TOO_LARGE. Multipart uploads
 * stream their file and keep their own limit.
 */
export const BodyLimit = (bytes: number): MethodDecorator => addRouteConfig({ [BODY_LIMIT_CONFIG]: bytes });

/** Gives every route its body limit as it is registered: its own (BodyLimit), else the default. */
export function applyRouteBodyLimits(fastify: FastifyInstance, defaultBytes: number): void {
  fastify.addHook('onRoute', (route) => {
    const own = (route.config as Record<string, unknown> | undefined)?.[BODY_LIMIT_CONFIG];
    route.bodyLimit ??= typeof own === 'number' ? own : defaultBytes;
  });
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Refuses JSON nested deeper than JSON_MAX_DEPTH or with more than JSON_MAX_ITEMS items in
 * one array or object, in one pass over the bytes, before JSON.parse (a stack overflow on
 * deep input) and validation (a walk over every item) spend the one thread on it. Malformed
 * JSON passes through to the parser, which refuses it.
 */
export function assertJsonShape(body: Buffer): void {
  const items: number[] = [];
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (items.length === JSON_MAX_DEPTH)
        throw new ApiError(400, ErrorCode.BodyTooDeep, `The JSON body nests deeper than ${JSON_MAX_DEPTH} levels.`, {
          maxDepth: JSON_MAX_DEPTH,
        });
      items.push(1);
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) items.pop();
    else if (byte === COMMA && items.length > 0) {
      const count = (items[items.length - 1] += 1);
      if (count > JSON_MAX_ITEMS)
        throw new ApiError(
          400,
          ErrorCode.BodyTooWide,
          `The JSON body has an array or object of more than ${JSON_MAX_ITEMS} items.`,
          { maxItems: JSON_MAX_ITEMS },
        );
    }
  }
}

type JsonParser = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => void;

/** Fastify's JSON parser (which refuses __proto__ and constructor keys) behind assertJsonShape. */
export function shapeCheckedJsonParser(fastify: FastifyInstance): JsonParser {
  const parse = fastify.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  return (request, body, done) => {
    try {
      assertJsonShape(body);
    } catch (error) {
      done(error as Error);
      return;
    }
    parse(request, body, done);
  };
}
