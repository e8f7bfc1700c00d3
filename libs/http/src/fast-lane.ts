import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Global, Injectable, Module, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import proxyAddr from '@fastify/proxy-addr';
import { FastifyInstance, FastifyReply } from 'fastify';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@siaran/observability';
import { addRouteConfig } from './request-body';

/** What a lane sees of a request. Only GET requests without a query string reach a lane. */
export interface LaneRequest {
  params: Readonly<Record<string, string>>;
  headers: IncomingHttpHeaders;
  /** The client's address, as Fastify's `request.ip` (X-Forwarded-For only from trusted proxies). */
  ip: string;
}

/** A complete answer, as the route's controller would give it. */
export interface LaneAnswer {
  status: 200 | 206 | 304;
  headers: Readonly<Record<string, string>>;
  body: string | Buffer;
}

/**
 * The answer from memory of a route's controller instance; or undefined, and the controller
 * answers (and builds what the lane serves next).
 */
export type LaneFunction<C> = (controller: C, request: LaneRequest) => LaneAnswer | undefined;

/** A lane as its route declares it (see FastLane): the lane's name in the metrics, and its function. */
export interface DeclaredLane {
  readonly name: string;
  readonly answer: LaneFunction<object>;
}

/** The key of a route's Fastify config holding its DeclaredLane, and of the handler's metadata holding the same. */
export const FAST_LANE_CONFIG = 'fastLane';
export const REQUEST_ID_HEADER = 'x-request-id';
/** Web players on any origin read the API; these response headers are exposed to them. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'etag', 'content-length', 'content-range'];
const CORS_HEADERS = [
  'access-control-allow-origin',
  '*',
  'access-control-expose-headers',
  CORS_EXPOSED_HEADERS.join(', '),
];

/**
 * The reads every player polls (live playlists, now-playing, now/next) are answered from the
 * answer their controller last built and keeps in memory, in front of Fastify and Nest (see
 * LaneEdge): at thousands of requests a second, routing, hooks, middleware, guards, pipes and
 * interceptors cost more than the answer itself. Only a ready answer takes the lane; a first
 * request, an expired answer, errors and anything unusual go on to the controller.
 */
@Injectable()
export class FastLanes implements OnModuleInit {
  /** Each declared lane with the controller instance it answers for, and how many requests it answered. */
  private readonly bound = new Map<DeclaredLane, BoundLane>();

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    const bound = this.bound;
    new Counter({
      name: 'http_fast_lane_answers_total',
      help: "Requests answered from memory by a fast lane, in front of Fastify and Nest, by lane (the rest of the route's requests went to its controller).",
      labelNames: ['lane'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const lane of bound.values()) this.labels(lane.name).inc(lane.answered);
      },
    });
  }

  /** Binds each lane declared on a controller's handlers to the controller's instance, once the application has made them. */
  onModuleInit(): void {
    for (const { instance } of this.discovery.getControllers()) {
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, object>;
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const lane = declaredLaneOf(prototype[key]);
        if (lane) this.bind(lane, instance as object);
      }
    }
  }

  private bind(lane: DeclaredLane, controller: object): void {
    for (const other of this.bound.values())
      if (other.name === lane.name) throw new Error(`The fast lane ${lane.name} is declared twice`);
    this.bound.set(lane, { name: lane.name, answer: lane.answer, controller, answered: 0 });
  }

  answer(lane: DeclaredLane, request: LaneRequest): LaneAnswer | undefined {
    const bound = this.bound.get(lane);
    if (!bound) return undefined;
    const result = bound.answer(bound.controller, request);
    if (result) bound.answered += 1;
    return result;
  }

  /** Lane answers count in the request metrics like any other, under their route pattern. */
  observe(route: string, status: number, seconds: number): void {
    this.metrics.observeHttp('GET', route, status, seconds);
  }
}

interface BoundLane {
  name: string;
  answer: LaneFunction<object>;
  controller: object;
  answered: number;
}

/**
 * Routes this handler's GET requests through a fast lane first (see FastLanes): `answer`
 * is given the controller instance and the request, e.g.
 * `@FastLane('live-master', (live: LiveController, request) => live.masterFromMemory(request))`.
 * `name` labels the lane's answers in the metrics.
 */
export function FastLane<C>(
  name: string,
  answer: LaneFunction<C>,
): (target: C, key: string | symbol, descriptor: PropertyDescriptor) => void {
  const lane: DeclaredLane = { name, answer: answer as LaneFunction<object> };
  return (target, key, descriptor) => {
    // Fastify's route config tells the edge the lane of a URL; the handler's metadata tells FastLanes the controller of a lane.
    addRouteConfig({ [FAST_LANE_CONFIG]: lane })(target as object, key, descriptor);
    SetMetadata(FAST_LANE_CONFIG, lane)(target as object, key, descriptor);
  };
}

function declaredLaneOf(handler: object): DeclaredLane | undefined {
  return Reflect.getMetadata(FAST_LANE_CONFIG, handler) as DeclaredLane | undefined;
}

/** Sends an answer built for a lane from a controller, so that both answer alike. */
export function sendAnswer(reply: FastifyReply, answer: LaneAnswer): void {
  void reply.status(answer.status).headers(answer.headers).send(answer.body);
}

interface LaneRoute {
  lane: DeclaredLane;
  /** The route pattern, e.g. /live/:slug/:playlist, or /media/* (the rest of the path is the parameter `*`). */
  url: string;
  segments: readonly string[];
  literals: number;
  /** The pattern ends in `*`: it matches paths of any depth past its last segment. */
  rest: boolean;
}

/**
 * The HTTP server's first look at each request: a GET whose plain path (no query, no percent
 * encoding) matches a route marked with @FastLane is offered to that lane; its answer is sent
 * with the headers every answer carries (CORS, the request id) and counted in the metrics.
 * Everything else, and every lane miss, goes to Fastify untouched.
 */
export class LaneEdge {
  private readonly routes: LaneRoute[] = [];
  private lanes?: FastLanes;
  private readonly trustsProxy?: (address: string, hop: number) => boolean;

  /** `trustedProxies`: addresses and CIDR ranges whose X-Forwarded-For is believed, as Fastify's `trustProxy`. */
  constructor(trustedProxies: readonly string[] = []) {
    if (trustedProxies.length > 0) this.trustsProxy = proxyAddr.compile([...trustedProxies]);
  }

  /** For Fastify's `serverFactory` option; `options` are Fastify's, its defaults applied. */
  readonly serverFactory = (
    handler: (request: IncomingMessage, response: ServerResponse) => void,
    options: { keepAliveTimeout?: number; connectionTimeout?: number } = {},
  ): Server => {
    const server = createServer((request, response) => {
      if (!this.serve(request, response)) handler(request, response);
    });
    // Fastify sets these only on servers it makes itself. Players reload a playlist every target
    // duration (6 s): past Node's own 5 s keep-alive, each reload would open a new connection,
    // and one sent as the server closes the idle one fails ("socket hang up").
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    return server;
  };

  /** Learns the lane routes as they are registered: call before any route is. */
  learnRoutes(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const lane = (route.config as { [FAST_LANE_CONFIG]?: DeclaredLane } | undefined)?.[FAST_LANE_CONFIG];
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (lane !== undefined && methods.includes('GET')) this.addRoute(lane, route.url);
    });
  }

  attach(lanes: FastLanes): void {
    this.lanes = lanes;
  }

  addRoute(lane: DeclaredLane, url: string): void {
    const all = url.split('/');
    const rest = all[all.length - 1].startsWith('*');
    const segments = rest ? all.slice(0, -1) : all;
    this.routes.push({ lane, url, segments, literals: segments.filter((s) => !s.startsWith(':')).length, rest });
    // A literal segment beats a parameter: /live/:slug/master.m3u8 before /live/:slug/:playlist.
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  /** The lane route a plain path takes, with its parameters; undefined for any other path. */
  match(path: string): { route: LaneRoute; params: Record<string, string> } | undefined {
    if (path.includes('?') || path.includes('%')) return undefined;
    const parts = path.split('/');
    for (const route of this.routes) {
      const length = route.segments.length;
      if (route.rest ? parts.length <= length : length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matches = true;
      for (let i = 0; i < length && matches; i += 1) {
        const segment = route.segments[i];
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = parts[i];
          matches = parts[i] !== '';
        } else {
          matches = segment === parts[i];
        }
      }
      if (route.rest && matches) {
        params['*'] = parts.slice(length).join('/');
        matches = params['*'] !== '';
      }
      if (matches) return { route, params };
    }
    return undefined;
  }

  /** As Fastify's `request.ip`: the peer's address, or the nearest X-Forwarded-For hop a trusted proxy vouches for. */
  private clientAddress(request: IncomingMessage): string {
    if (!this.trustsProxy) return request.socket.remoteAddress ?? '';
    return proxyAddr(request, this.trustsProxy);
  }

  private serve(request: IncomingMessage, response: ServerResponse): boolean {
    if (
      request.method !== 'GET' ||
      !this.lanes ||
      request.headers['content-length'] ||
      request.headers['transfer-encoding']
    )
      return false;
    const started = performance.now();
    const match = this.match(request.url ?? '');
    if (!match) return false;
    const answer = this.lanes.answer(match.route.lane, {
      params: match.params,
      headers: request.headers,
      ip: this.clientAddress(request),
    });
    if (!answer) return false;
    const requestId = request.headers[REQUEST_ID_HEADER];
    // A flat list of names and values: building a header object per request costs more than the rest of the answer.
    const head: (string | number)[] = [
      ...CORS_HEADERS,
      REQUEST_ID_HEADER,
      typeof requestId === 'string' && requestId ? requestId : randomUUID(),
    ];
    for (const name in answer.headers) head.push(name, answer.headers[name]);
    // With its length known, the body is not chunked.
    if (answer.status !== 304) head.push('content-length', Buffer.byteLength(answer.body));
    response.writeHead(answer.status, head);
    response.end(answer.body);
    this.lanes.observe(match.route.url, answer.status, (performance.now() - started) / 1000);
    return true;
  }
}

@Global()
@Module({ imports: [DiscoveryModule], providers: [FastLanes], exports: [FastLanes] })
export class FastLaneModule {}
