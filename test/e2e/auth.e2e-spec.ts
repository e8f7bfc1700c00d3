import { createHash } from 'node:crypto';
import request from 'supertest';
import { FirstAdmin } from '@siaran/auth';
import { createTestApp, TEST_ADMIN, type TestApp } from '../support/app';
import { bearer, createUser, login } from '../support/auth';
import { sql } from '../support/sql';

describe('login, tokens and logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_TOKEN_TTL_HOURS: '2' } });
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('logs the first admin in with a bearer token that expires after AUTH_TOKEN_TTL_HOURS', async () => {
    const before = Date.now();
    const res = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'Admin@Test.Siaran.id ', password: TEST_ADMIN.password })
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      token: expect.stringMatching(/^sia_[A-Za-z0-9_-]{43}$/),
      tokenType: 'Bearer',
      expiresAt: expect.any(String),
      user: { id: expect.any(String), email: TEST_ADMIN.email, role: 'admin', stationIds: [] },
    });
    const lifetime = Date.parse(res.body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(2 * 3_600_000 + 1000);
    const me = await http().get('/api/v1/auth/me').set(bearer(res.body.token)).expect(200);
    expect(me.body).toEqual(res.body.user);
  });

  it('keeps only a sha256 of each token and an argon2id hash of each password', async () => {
    const token = await login(t);
    const digest = createHash('sha256').update(token).digest('hex');
    const tokens = await sql<{ token_hash: string }>(t.database.url, 'SELECT token_hash FROM auth_tokens');
    expect(tokens.map((row) => row.token_hash)).toContain(digest);
    expect(JSON.stringify(tokens)).not.toContain(token);
    const [admin] = await sql<{ password_hash: string }>(
      t.database.url,
      'SELECT password_hash FROM users WHERE email = $1',
      [TEST_ADMIN.email],
    );
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password and an unknown e-mail alike with 401 INVALID_CREDENTIALS', async () => {
    const wrong = await http()
      .post('/api/v1/auth/login')
      .send({ email: TEST_ADMIN.email, password: 'not-the-password' })
      .expect(401);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' });
    const unknown = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@test.siaran.id', password: 'whatever-it-is' })
      .expect(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a malformed login with 400', async () => {
    expect(
      (await http().post('/api/v1/auth/login').send({ email: 'not-an-email', password: 'x' }).expect(400)).body.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await http().post('/api/v1/auth/login').send({ email: TEST_ADMIN.email }).expect(400)).body.details,
    ).toEqual([{ field: 'password', messages: expect.any(Array) }]);
    const extra = await http()
      .post('/api/v1/auth/login')
      .send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password, remember: true })
      .expect(400);
    expect(extra.body.details).toEqual([{ field: 'remember', messages: ['property remember should not exist'] }]);
  });

  it('answers 401 UNAUTHORIZED with WWW-Authenticate without a token, with a malformed header, or with an unknown token', async () => {
    for (const headers of [
      {},
      { Authorization: 'Basic YWRtaW46eA==' },
      { Authorization: 'Bearer' },
      bearer('sia_not-a-real-token'),
    ]) {
      const res = await http().get('/api/v1/auth/me').set(headers).expect(401);
      expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String) });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('refuses an expired token', async () => {
    const token = await login(t);
    await http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const digest = createHash('sha256').update(token).digest('hex');
    await sql(
      t.database.url,
      "UPDATE auth_tokens SET created_at = now() - interval '3 hours', expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [digest],
    );
    const res = await http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHORIZED', message: 'The token has expired; log in again' });
  });

  it('revokes the token on logout, and only that token', async () => {
    const [first, second] = [await login(t), await login(t)];
    await http().post('/api/v1/auth/logout').set(bearer(first)).expect(204);
    expect((await http().get('/api/v1/auth/me').set(bearer(first)).expect(401)).body.code).toBe('UNAUTHORIZED');
    await http().post('/api/v1/auth/logout').set(bearer(first)).expect(401);
    await http().get('/api/v1/auth/me').set(bearer(second)).expect(200);
    await http().post('/api/v1/auth/logout').expect(401);
  });

  it("changes one's own password, revoking every other token", async () => {
    const admin = await login(t);
    const user = await createUser(t, admin, 'engineer');
    const other = await login(t, user.email, user.password);
    const wrong = await http()
      .post('/api/v1/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: 'wrong-password', newPassword: 'a-new-long-password' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    const short = await http()
      .post('/api/v1/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: user.password, newPassword: 'short' })
      .expect(400);
    expect(short.body.details).toEqual([
      { field: 'newPassword', messages: ['newPassword must be longer than or equal to 10 characters'] },
    ]);
    await http()
      .post('/api/v1/auth/password')
      .send({ currentPassword: user.password, newPassword: 'a-new-long-password' })
      .expect(401);

    await http()
      .post('/api/v1/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: user.password, newPassword: 'a-new-long-password' })
      .expect(204);
    await http().get('/api/v1/auth/me').set(bearer(user.token)).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(other)).expect(401);
    await http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await login(t, user.email, 'a-new-long-password');
  });

  it('refuses weak passwords with 400 WEAK_PASSWORD wherever a password is set', async () => {
    const admin = await login(t);
    const user = await createUser(t, admin, 'producer');
    for (const [weak, message] of [
      ['aaaaaaaaaa', 'The password must use at least 5 different characters.'],
      [' '.repeat(10), 'The password must not be only spaces.'],
      ['Password123', 'The password is one of the most common passwords; choose another.'],
    ]) {
      const created = await http()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ email: 'weak@test.siaran.id', password: weak, role: 'producer' })
        .expect(400);
      const changed = await http()
        .post('/api/v1/auth/password')
        .set(bearer(user.token))
        .send({ currentPassword: user.password, newPassword: weak })
        .expect(400);
      const reset = await http()
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(admin))
        .send({ password: weak })
        .expect(400);
      for (const answer of [created, changed, reset])
        expect(answer.body).toEqual({ statusCode: 400, code: 'WEAK_PASSWORD', message });
    }
    await http().post('/api/v1/auth/login').send({ email: 'weak@test.siaran.id', password: 'aaaaaaaaaa' }).expect(401);
    await login(t, user.email, user.password);
  });
});

/** What the process writes on stderr, kept from the terminal. */
function captureStderr() {
  const printed: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(chunk.toString());
    return true;
  });
  return { printed, spy };
}

describe('the first admin', () => {
  it('gets a random password printed once on stderr when ADMIN_PASSWORD is unset, and none when users exist', async () => {
    const { printed, spy } = captureStderr();
    let t: TestApp | undefined;
    try {
      t = await createTestApp({ env: { ADMIN_EMAIL: 'kominfo@pekalongankota.go.id', ADMIN_PASSWORD: '' } });
      const text = printed.join('');
      expect(text).toContain('E-mail:    kominfo@pekalongankota.go.id');
      const password = /Password: {2}(\S+)/.exec(text)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      const token = await login(t, 'kominfo@pekalongankota.go.id', password);
      expect(
        (await request(t.app.getHttpServer()).get('/api/v1/auth/me').set(bearer(token)).expect(200)).body.role,
      ).toBe('admin');

      printed.length = 0;
      await t.app.get(FirstAdmin).onApplicationBootstrap();
      expect(printed.join('')).toBe('');
      expect(await sql(t.database.url, 'SELECT email FROM users')).toEqual([{ email: 'kominfo@pekalongankota.go.id' }]);
    } finally {
      spy.mockRestore();
      await t?.close();
    }
  });

  it('takes ADMIN_PASSWORD when set, printing nothing, and is created once when replicas boot together', async () => {
    const { printed, spy } = captureStderr();
    let t: TestApp | undefined;
    try {
      t = await createTestApp();
      expect(printed.join('')).not.toContain('Password');
      await sql(t.database.url, 'DELETE FROM users');
      await Promise.all([
        t.app.get(FirstAdmin).onApplicationBootstrap(),
        t.app.get(FirstAdmin).onApplicationBootstrap(),
        t.app.get(FirstAdmin).onApplicationBootstrap(),
      ]);
      expect(await sql(t.database.url, 'SELECT email, role FROM users')).toEqual([
        { email: TEST_ADMIN.email, role: 'admin' },
      ]);
      expect(
        await sql(
          t.database.url,
          "SELECT actor_email, action, new_value->>'email' AS email FROM audit_log WHERE entity_type = 'user' ORDER BY id DESC LIMIT 1",
        ),
      ).toEqual([{ actor_email: 'system', action: 'create', email: TEST_ADMIN.email }]);
      await login(t);
    } finally {
      spy.mockRestore();
      await t?.close();
    }
  });
});
