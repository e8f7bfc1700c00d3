import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type Socket } from 'node:net';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { MetricsRegistry } from '@siaran/observability';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ApiError, ErrorCode } from './api-error';
import { CORS_EXPOSED_HEADERS, FastLanes, LaneEdge, REQUEST_ID_HEADER } from './fast-lane';
import { MULTIPART_LIMITS } from './multipart-file';
import { applyRouteBodyLimits, shapeCheckedJsonParser } from './request-body';
import { limitRequestBodyTimes, type RequestTimeouts } from './request-timeouts';
import { createValidationPipe } from './validation';

/** How long the unread rest of a refused request body is read and dropped before the connection is cut. */
const LINGER_MS = 10_000;

/**
 * After answering before the whole body arrived (a refused upload: 401, 413, 422…), reads
 * and drops the rest for a while, as nginx's lingering close does: a client still sending
 * would otherwise block or hit a reset and never read the answer. Past LINGER_MS the
 * connection is cut.
 */
function lingerOnUnreadBody(raw: IncomingMessage): void {
  if (raw.complete || raw.destroyed) return;
  raw.unpipe();
  raw.resume();
  const timer = setTimeout(() => raw.socket?.destroy(), LINGER_MS);
  timer.unref();
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
}

/**
 * When the client asked for `Connection: close`, Node destroys the socket as soon as the
 * answer is written (destroySoon), with the rest of the body still arriving: the kernel
 * then resets the connection and the client may lose the answer. Here the socket only
 * half-closes after the answer, and is destroyed once the body has been read and dropped,
 * or when lingerOnUnreadBody gives up after LINGER_MS.
 */
function halfCloseAfterAnswer(raw: IncomingMessage): void {
  const socket = raw.socket as Socket | null;
  // Requests injected in tests have no real socket.
  if (raw.complete || !socket || socket.destroyed || typeof socket.destroySoon !== 'function') return;
  const destroySoon = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    if (raw.complete) return destroySoon();
    socket.end();
    raw.once('end', destroySoon);
  };
}

export interface HttpAppOptions {
  /** The body limit of routes that set none of their own (see BodyLimit). */
  jsonBodyLimitBytes: number;
  requestTimeouts: RequestTimeouts;
  /** Publish the OpenAPI UI at /docs and JSON at /docs-json. */
  docs: boolean;
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
  /** Requests one client address may make in a minute to each Throttled route (LOGIN_ATTEMPTS_PER_MINUTE). */
  throttledRequestsPerMinute: number;
}

/**
 * Limits a route to HttpAppOptions.throttledRequestsPerMinute requests a minute per client address
 * (as TRUSTED_PROXIES makes it); past that, 429 TOO_MANY_REQUESTS with Retry-After. The counts are
 * kept in each process's memory: cheap enough to run before any work, and what they guard against
 * (one address guessing fast) does not need them shared.
 */
export const Throttled = () => RouteConfig({ rateLimit: {} });

/**
 * Builds a Nest application on Fastify with the conventions every endpoint follows:
 * validation, the one error body, request metrics, CORS for web players, OpenAPI.
 * Used by the API, the worker's health server, the all-in-one process and the e2e tests.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(options), {
    bufferLogs: true,
    abortOnError: false,
  });
  return configureHttpApp(app, options);
}

/**
 * Nest makes its exception layer Fastify's error handler when the application starts, after
 * the routes were registered, and each route keeps the error handler it was registered with
 * (Fastify's own): errors Fastify raises before a handler runs (an unsupported Content-Type)
 * never reached Nest's filters. configureHttpApp sets the error handler before any route is
 * registered instead, and Nest's later call, which would only replace it with a warning, is
 * left out.
 */
class SiaranFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }

  /** Nest's parsers, with the shape of a JSON body checked before it is parsed. */
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    super.registerParserMiddleware(prefix, rawBody);
    const fastify = this.getInstance();
    fastify.removeContentTypeParser('application/json');
    const { bodyLimit } = fastify.initialConfig;
    this.useBodyParser('application/json', rawBody ?? false, { bodyLimit }, shapeCheckedJsonParser(fastify));
  }
}

/** The methods the API's routes answer; a CORS preflight allows these and no others. */
export const API_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Swagger UI: its scripts, styles and images come from /docs itself; its page carries an inline
 * style. No other site may frame it.
 */
const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Content types of XML bodies, taken as bytes (see createFastifyAdapter). */
export const XML_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/cap+xml'];

/** The lane edge in front of each Fastify instance made here, attached to its application's lanes later. */
const edges = new WeakMap<object, LaneEdge>();

export function createFastifyAdapter(options: HttpAppOptions): FastifyAdapter {
  const edge = new LaneEdge(options.trustedProxies);
  const adapter = new SiaranFastifyAdapter({
    bodyLimit: options.jsonBodyLimitBytes,
    // X-Forwarded-For from anyone else would let a client pick its own address (listener counts, login limits).
    trustProxy: options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
    // Fastify's own request logging would duplicate pino-http's.
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => randomUUID(),
    serverFactory: (
      handler: Parameters<LaneEdge['serverFactory']>[0],
      fastifyOptions: Parameters<LaneEdge['serverFactory']>[1],
    ) => limitRequestBodyTimes(edge.serverFactory(handler, fastifyOptions), options.requestTimeouts),
  });
  const fastify = adapter.getInstance();
  applyRouteBodyLimits(fastify, options.jsonBodyLimitBytes);
  // XML bodies (CAP alerts) reach their handler as bytes, within the route's body limit: the handler parses them.
  fastify.addContentTypeParser(XML_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // Nest registers its routes when the application starts, after this.
  edge.learnRoutes(fastify);
  edges.set(fastify, edge);
  return adapter;
}

/** Applies the conventions to an application created elsewhere (the tests' testing module). */
export async function configureHttpApp(
  app: NestFastifyApplication,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  // Multipart bodies are streamed by the handlers that accept them (uploads), never buffered here.
  await app.register(fastifyMultipart as unknown as Parameters<NestFastifyApplication['register']>[0], {
    limits: MULTIPART_LIMITS,
  });
  await app.register(fastifyRateLimit as unknown as Parameters<NestFastifyApplication['register']>[0], {
    global: false,
    max: options.throttledRequestsPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request: unknown, context: { after: string }) =>
      new ApiError(
        429,
        ErrorCode.TooManyRequests,
        `Too many requests from this address; try again in ${context.after}.`,
      ),
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  const errors = new AllExceptionsFilter();
  app.useGlobalFilters(errors);
  app.enableCors({ origin: '*', methods: API_METHODS, exposedHeaders: CORS_EXPOSED_HEADERS });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.setErrorHandler((error, request, reply) => errors.answer(error, request, reply));
  edges.get(fastify)?.attach(app.get(FastLanes));
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    halfCloseAfterAnswer(request.raw);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    lingerOnUnreadBody(request.raw);
    done();
  });
  const metrics = app.get(MetricsRegistry);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  if (options.docs) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Siaran API')
        .setDescription('Schedules, media, live HLS playout, now-playing and EPG for local public broadcasters (LPPL).')
        .setVersion('1')
        // Login tokens are random strings kept in the database (revocable at once), not JWTs.
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'opaque',
          description:
            'The token from POST /api/v1/auth/login: an opaque random string, valid until it expires or is revoked.',
        })
        .build(),
    );
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (request.url === '/docs' || request.url.startsWith('/docs/'))
        void reply.headers({
          'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY,
          'X-Frame-Options': 'DENY',
          'X-Content-Type-Options': 'nosniff',
        });
      done(null, payload);
    });
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
