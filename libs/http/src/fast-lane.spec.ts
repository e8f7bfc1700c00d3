import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import Fastify from 'fastify';
import request from 'supertest';
import { MetricsModule, MetricsRegistry } from '@siaran/observability';
import { DeclaredLane, FastLane, FastLaneModule, FastLanes, LaneAnswer, LaneEdge, LaneRequest } from './fast-lane';

/** What the studio controllers below have built, shared with their lanes. */
@Injectable()
class OnAir {
  readonly titles = new Map<string, string>();
}

@Controller('studio')
class StudioController {
  constructor(private readonly onAir: OnAir) {}

  @Get(':slug/now')
  @FastLane('studio-now', (studio: StudioController, request) => studio.fromMemory(request))
  now(@Param('slug') slug: string): string {
    this.onAir.titles.set(slug, `${slug} on air`);
    return `${slug} from the controller`;
  }

  private fromMemory({ params }: LaneRequest): LaneAnswer | undefined {
    const title = this.onAir.titles.get(params.slug);
    return title === undefined ? undefined : { status: 200, headers: { 'content-type': 'text/plain' }, body: title };
  }
}

@Controller('other-studio')
class OtherStudioController {
  @Get(':slug/now')
  @FastLane('studio-now', () => undefined)
  now(): string {
    return 'elsewhere';
  }
}

/** A Nest application whose Fastify server has a lane edge in front, as createFastifyAdapter makes it. */
async function laneApp(
  controllers: Array<new (...args: never[]) => unknown>,
): Promise<{ app: NestFastifyApplication; edge: LaneEdge }> {
  const edge = new LaneEdge();
  const fastify = Fastify({ serverFactory: edge.serverFactory });
  edge.learnRoutes(fastify);
  const moduleRef = await Test.createTestingModule({
    imports: [MetricsModule, FastLaneModule],
    controllers,
    providers: [OnAir],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(fastify), { logger: false });
  edge.attach(app.get(FastLanes));
  await app.init();
  await fastify.ready();
  return { app, edge };
}

async function laneAnswers(app: NestFastifyApplication, lane: string): Promise<string | undefined> {
  const metrics = await app.get(MetricsRegistry).registry.getSingleMetricAsString('http_fast_lane_answers_total');
  return metrics.split('\n').find((line) => line.startsWith(`http_fast_lane_answers_total{lane="${lane}"} `));
}

describe('FastLanes', () => {
  it('binds the lane a route declares to its controller instance at boot, and counts what the lane answered', async () => {
    const { app } = await laneApp([StudioController]);
    try {
      expect(await laneAnswers(app, 'studio-now')).toBe('http_fast_lane_answers_total{lane="studio-now"} 0');
      const first = await request(app.getHttpServer()).get('/studio/batik-tv/now').expect(200);
      expect(first.text).toBe('batik-tv from the controller');
      const again = await request(app.getHttpServer())
        .get('/studio/batik-tv/now')
        .set('X-Request-Id', 'player-42')
        .expect(200);
      expect([
        again.text,
        again.headers['content-type'],
        again.headers['x-request-id'],
        again.headers['access-control-allow-origin'],
      ]).toEqual(['batik-tv on air', 'text/plain', 'player-42', '*']);
      expect((await request(app.getHttpServer()).get('/studio/rkb/now').expect(200)).text).toBe(
        'rkb from the controller',
      );
      expect(await laneAnswers(app, 'studio-now')).toBe('http_fast_lane_answers_total{lane="studio-now"} 1');
    } finally {
      await app.close();
    }
  });

  it('leaves requests of a lane no controller declared to Fastify', async () => {
    const { app } = await laneApp([StudioController]);
    try {
      const undeclared: DeclaredLane = { name: 'nowhere', answer: () => ({ status: 200, headers: {}, body: 'never' }) };
      expect(app.get(FastLanes).answer(undeclared, { params: {}, headers: {}, ip: '127.0.0.1' })).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('refuses two lanes of one name: their answers would be counted as one', async () => {
    await expect(laneApp([StudioController, OtherStudioController])).rejects.toThrow(
      'The fast lane studio-now is declared twice',
    );
  });
});

describe('LaneEdge.match', () => {
  const lane = (name: string): DeclaredLane => ({ name, answer: () => undefined });
  const edge = new LaneEdge();
  edge.addRoute(lane('live-media'), '/live/:slug/:playlist');
  edge.addRoute(lane('live-master'), '/live/:slug/master.m3u8');
  edge.addRoute(lane('schedule-now'), '/api/v1/channels/:slug/schedule/now');
  edge.addRoute(lane('media'), '/media/*');
  const laneOf = (path: string) => {
    const match = edge.match(path);
    return match && [match.route.lane.name, match.params];
  };

  it('matches plain paths, a literal segment before a parameter', () => {
    expect(laneOf('/live/batik-tv/720p.m3u8')).toEqual(['live-media', { slug: 'batik-tv', playlist: '720p.m3u8' }]);
    expect(laneOf('/live/batik-tv/master.m3u8')).toEqual(['live-master', { slug: 'batik-tv' }]);
    expect(laneOf('/api/v1/channels/rkb/schedule/now')).toEqual(['schedule-now', { slug: 'rkb' }]);
  });

  it('gives a route ending in * the rest of the path, at any depth', () => {
    expect(laneOf('/media/assets/a1/tv-default/720p/seg-00001.ts')).toEqual([
      'media',
      { '*': 'assets/a1/tv-default/720p/seg-00001.ts' },
    ]);
    expect(laneOf('/media/poster.jpg')).toEqual(['media', { '*': 'poster.jpg' }]);
    expect(laneOf('/media/')).toBeUndefined();
    expect(laneOf('/media')).toBeUndefined();
    expect(laneOf('/mediax/a.ts')).toBeUndefined();
  });

  it('leaves queries, percent-encoding, empty segments, other lengths and other paths to Fastify', () => {
    for (const path of [
      '/api/v1/channels/rkb/schedule/now?next=1',
      '/live/batik-tv/%2e%2e',
      '/live/batik%2Ftv/720p.m3u8',
      '/live//720p.m3u8',
      '/live/batik-tv/720p.m3u8/',
      '/live/batik-tv',
      '/api/v1/channels/rkb/schedule',
      '/vod/batik-tv/720p.m3u8',
      '',
    ]) {
      expect([path, edge.match(path)]).toEqual([path, undefined]);
    }
  });
});
