import { Global, Injectable, Module } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@siaran/observability';

/** Sends the answer from memory and returns true; or returns false and the route's controller answers. */
export type FastLaneAnswer = (request: FastifyRequest, reply: FastifyReply) => boolean;

/** The key of a route's Fastify config naming its fast lane. */
export const FAST_LANE_CONFIG = 'fastLane';

/**
 * The reads every player polls (live playlists, now-playing, now/next) are answered from the
 * answer their controller last built and keeps in memory, before Nest's middleware, guard,
 * pipes and interceptors run: at thousands of requests a second those cost more than the
 * answer itself. Only a ready success takes the lane; a first request, an expired answer,
 * errors and anything unusual go on to the controller, which builds (and caches) the answer.
 */
@Injectable()
export class FastLanes {
  private readonly lanes = new Map<string, FastLaneAnswer>();
  private readonly answered: Counter<'lane'>;

  constructor(metrics: MetricsRegistry) {
    this.answered = new Counter({
      name: 'http_fast_lane_answers_total',
      help: 'Requests answered from memory by a fast lane, before the Nest pipeline, by lane (the rest of the route\'s requests went to its controller).',
      labelNames: ['lane'],
      registers: [metrics.registry],
    });
  }

  open(name: string, answer: FastLaneAnswer): void {
    if (this.lanes.has(name)) throw new Error(`The fast lane ${name} is opened twice`);
    const answered = this.answered.labels(name);
    this.lanes.set(name, (request, reply) => {
      if (!answer(request, reply)) return false;
      answered.inc();
      return true;
    });
  }

  answer(name: string, request: FastifyRequest, reply: FastifyReply): boolean {
    return this.lanes.get(name)?.(request, reply) ?? false;
  }
}

const attached = new WeakMap<FastifyInstance, FastLanes>();

/**
 * Adds the hook through which fast lanes answer. It must run before Nest's middleware, whose
 * hook NestFactory.create adds, so it goes on the Fastify instance before the application
 * exists; the application's lanes are attached to it afterwards (attachFastLanes).
 */
export function installFastLaneHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const lane = (request.routeOptions.config as { [FAST_LANE_CONFIG]?: string } | undefined)?.[FAST_LANE_CONFIG];
    if (lane === undefined || !attached.get(fastify)?.answer(lane, request, reply)) done();
  });
}

export function attachFastLanes(fastify: FastifyInstance, lanes: FastLanes): void {
  attached.set(fastify, lanes);
}

/** Routes this handler's requests through the fast lane `name` first (see FastLanes). */
export const FastLane = (name: string): MethodDecorator => RouteConfig({ [FAST_LANE_CONFIG]: name });

@Global()
@Module({ providers: [FastLanes], exports: [FastLanes] })
export class FastLaneModule {}
