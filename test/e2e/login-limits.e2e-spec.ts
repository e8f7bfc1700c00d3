import { Logger } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '@siaran/time';
import { createTestApp, TEST_ADMIN, type TestApp } from '../support/app';

const LOGIN = '/api/v1/auth/login';
const wrong = { email: TEST_ADMIN.email, password: 'not-the-password' };
const right = { email: TEST_ADMIN.email, password: TEST_ADMIN.password };

describe('login limits per client address', () => {
  let t: TestApp;
  afterEach(() => t.close());
  const attempt = (body: object, forwardedFor?: string) => {
    const call = request(t.app.getHttpServer()).post(LOGIN).send(body);
    return forwardedFor ? call.set('X-Forwarded-For', forwardedFor) : call;
  };

  it('answers 429 with Retry-After past LOGIN_ATTEMPTS_PER_MINUTE, right password or not, whatever X-Forwarded-For claims', async () => {
    t = await createTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i += 1) await attempt(wrong, `203.0.113.${i}`).expect(401);
    for (const [body, forwardedFor] of [
      [right, undefined],
      [wrong, '203.0.113.99'],
      [right, '198.51.100.7'],
    ] as const) {
      const refused = await attempt(body, forwardedFor).expect(429);
      expect(refused.body).toEqual({
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many requests from this address; try again in 1 minute.',
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('counts each forwarded client apart when the proxy is in TRUSTED_PROXIES', async () => {
    t = await createTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '3', TRUSTED_PROXIES: '127.0.0.1' } });
    for (let i = 0; i < 3; i += 1) await attempt(wrong, '203.0.113.1').expect(401);
    await attempt(right, '203.0.113.1').expect(429);
    await attempt(right, '203.0.113.2').expect(200);
  });
});

describe('account lockout after wrong passwords', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: { LOGIN_LOCKOUT_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '600', TRUSTED_PROXIES: '127.0.0.1' },
    });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());
  const attempt = (body: object, forwardedFor: string) =>
    request(t.app.getHttpServer()).post(LOGIN).set('X-Forwarded-For', forwardedFor).send(body);

  it('locks the account for LOGIN_LOCKOUT_SECONDS after LOGIN_LOCKOUT_FAILURES wrong passwords from any addresses', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await attempt(wrong, address).expect(401);
    expect(warnings.mock.calls.map(([message]) => message)).toEqual([
      `failed login for ${TEST_ADMIN.email} from 203.0.113.1`,
      `failed login for ${TEST_ADMIN.email} from 203.0.113.2`,
      `failed login for ${TEST_ADMIN.email} from 203.0.113.3`,
    ]);

    const locked = await attempt(right, '198.51.100.4').expect(429);
    expect(locked.body).toEqual({
      statusCode: 429,
      code: 'ACCOUNT_LOCKED',
      message: 'Too many wrong passwords for this account; try again in 600 s.',
    });
    expect(locked.headers['retry-after']).toBe('600');
    clock.advance(590_000);
    expect((await attempt(right, '198.51.100.4').expect(429)).headers['retry-after']).toBe('10');

    clock.advance(10_000);
    await attempt(right, '198.51.100.4').expect(200);
  });

  it('starts the count again after a right password', async () => {
    for (let round = 0; round < 2; round += 1) {
      await attempt(wrong, '203.0.113.1').expect(401);
      await attempt(wrong, '203.0.113.2').expect(401);
      await attempt(right, '203.0.113.3').expect(200);
    }
  });

  it('locks an e-mail without an account alike, telling nothing of which accounts exist', async () => {
    const nobody = { email: 'nobody@test.siaran.id', password: 'not-the-password' };
    for (let i = 0; i < 3; i += 1) await attempt(nobody, '203.0.113.5').expect(401);
    expect((await attempt(nobody, '203.0.113.5').expect(429)).body.code).toBe('ACCOUNT_LOCKED');
    await attempt(right, '203.0.113.5').expect(200);
  });
});
