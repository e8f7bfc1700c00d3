import { Controller, Get, Ip } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLoggingModule, MetricsModule } from '@siaran/observability';
import { FastLane, FastLaneModule } from './fast-lane';
import { configureHttpApp, createFastifyAdapter } from './http-app';

/** Tells each client the address the application took for it: through Fastify, and through a fast lane. */
@Controller('whoami')
class WhoAmIController {
  @Get()
  routed(@Ip() ip: string): string {
    return ip;
  }

  @Get('lane')
  @FastLane('whoami', (_controller, { ip }) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: ip }))
  laned(@Ip() ip: string): string {
    return ip;
  }
}

async function appTrusting(trustedProxies: string[]): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [createLoggingModule('silent', 'json'), MetricsModule, FastLaneModule],
    controllers: [WhoAmIController],
  }).compile();
  const options = {
    jsonBodyLimitBytes: 16 * 1024,
    requestTimeouts: { bodyIdleMs: 60_000, bufferedBodyMs: 30_000 },
    docs: false,
    trustedProxies,
    throttledRequestsPerMinute: 10,
  };
  const app = await configureHttpApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(options), { logger: false }),
    options,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

async function addressesSeen(app: NestFastifyApplication, forwardedFor?: string): Promise<string[]> {
  const seen: string[] = [];
  for (const path of ['/whoami', '/whoami/lane', '/whoami/lane']) {
    const call = request(app.getHttpServer()).get(path);
    if (forwardedFor) void call.set('X-Forwarded-For', forwardedFor);
    seen.push((await call.expect(200)).text);
  }
  return seen;
}

describe('the client address', () => {
  it('is the connection peer when no proxy is trusted, whatever X-Forwarded-For claims', async () => {
    const app = await appTrusting([]);
    try {
      expect(await addressesSeen(app, '203.0.113.7')).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      await app.close();
    }
  });

  it('is the nearest forwarded address a trusted proxy vouches for', async () => {
    const app = await appTrusting(['127.0.0.1']);
    try {
      expect(await addressesSeen(app, '203.0.113.7')).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
      // The client wrote the first entry itself; only the one the trusted proxy added counts.
      expect(await addressesSeen(app, '198.51.100.1, 203.0.113.7')).toEqual([
        '203.0.113.7',
        '203.0.113.7',
        '203.0.113.7',
      ]);
      expect(await addressesSeen(app)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      await app.close();
    }
  });

  it('stays the proxy itself when the proxy is not in the trusted list', async () => {
    const app = await appTrusting(['10.0.0.0/8']);
    try {
      expect(await addressesSeen(app, '203.0.113.7')).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      await app.close();
    }
  });
});
