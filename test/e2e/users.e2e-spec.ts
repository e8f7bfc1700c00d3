import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { UsersService } from '@siaran/auth';
import { type DomainError } from '@siaran/core';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login } from '../support/auth';

describe('user management (admin only)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('creates, reads, lists, changes and deletes users', async () => {
    const stationId = (
      await http()
        .post('/api/v1/stations')
        .set(bearer(admin))
        .send({ slug: 'pekalongan', name: 'LPPL Kota Pekalongan' })
        .expect(201)
    ).body.id as string;
    const unknown = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: 'x@test.siaran.id', password: 'long-enough-pw', role: 'producer', stationIds: [randomUUID()] })
      .expect(404);
    expect(unknown.body).toEqual({
      statusCode: 404,
      code: 'STATION_NOT_FOUND',
      message: 'One of stationIds is not a station',
    });
    const created = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        email: 'Produser@PekalonganKota.go.id',
        password: 'produser-batik-1',
        role: 'producer',
        displayName: 'Siti Rahmawati',
        stationIds: [stationId],
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'produser@pekalongankota.go.id',
      displayName: 'Siti Rahmawati',
      role: 'producer',
      stationIds: [stationId],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);
    const id = created.body.id as string;

    expect((await http().get(`/api/v1/users/${id}`).set(bearer(admin)).expect(200)).body).toEqual(created.body);
    const list = await http().get('/api/v1/users').set(bearer(admin)).expect(200);
    expect(list.body.users.map((u: { email: string }) => u.email)).toEqual([
      'admin@test.siaran.id',
      'produser@pekalongankota.go.id',
    ]);

    const producerToken = await login(t, 'produser@pekalongankota.go.id', 'produser-batik-1');
    const me = await http().get('/api/v1/auth/me').set(bearer(producerToken)).expect(200);
    expect(me.body).toEqual({ id, email: 'produser@pekalongankota.go.id', role: 'producer', stationIds: [stationId] });

    const changed = await http()
      .patch(`/api/v1/users/${id}`)
      .set(bearer(admin))
      .send({ role: 'engineer', stationIds: [], displayName: null })
      .expect(200);
    expect(changed.body).toMatchObject({ role: 'engineer', stationIds: [], displayName: null });
    expect((await http().get('/api/v1/auth/me').set(bearer(producerToken)).expect(200)).body).toMatchObject({
      role: 'engineer',
      stationIds: [],
    });

    await http().patch(`/api/v1/users/${id}`).set(bearer(admin)).send({ password: 'reset-by-admin-1' }).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(producerToken)).expect(401);
    const again = await login(t, 'produser@pekalongankota.go.id', 'reset-by-admin-1');

    await http().delete(`/api/v1/users/${id}`).set(bearer(admin)).expect(204);
    const log = await http()
      .get('/api/v1/audit')
      .query({ entityType: 'user', entityId: id })
      .set(bearer(admin))
      .expect(200);
    expect(log.body.entries.map((e: { action: string; actorEmail: string }) => [e.action, e.actorEmail])).toEqual([
      ['delete', 'admin@test.siaran.id'],
      ['update', 'admin@test.siaran.id'],
      ['update', 'admin@test.siaran.id'],
      ['create', 'admin@test.siaran.id'],
    ]);
    expect(log.body.entries[1]).toMatchObject({
      oldValue: { role: 'engineer' },
      newValue: { role: 'engineer', passwordChanged: true },
    });
    expect(log.body.entries[2]).toMatchObject({
      oldValue: { role: 'producer', stationIds: [stationId] },
      newValue: { role: 'engineer', stationIds: [] },
    });
    expect(JSON.stringify(log.body)).not.toMatch(/argon2|password_hash|passwordHash|reset-by-admin/);
    await http().get('/api/v1/auth/me').set(bearer(again)).expect(401);
    expect((await http().get(`/api/v1/users/${id}`).set(bearer(admin)).expect(404)).body.code).toBe('USER_NOT_FOUND');
  });

  it('needs a token (401) and the admin role (403)', async () => {
    await http().get('/api/v1/users').expect(401);
    await http()
      .post('/api/v1/users')
      .send({ email: 'x@test.siaran.id', password: 'long-enough-pw', role: 'admin' })
      .expect(401);
    for (const role of ['producer', 'engineer'] as const) {
      const user = await createUser(t, admin, role);
      const res = await http().get('/api/v1/users').set(bearer(user.token)).expect(403);
      expect(res.body).toEqual({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: `This needs the role admin; you are ${role}`,
      });
      await http()
        .post('/api/v1/users')
        .set(bearer(user.token))
        .send({ email: 'x@test.siaran.id', password: 'long-enough-pw', role: 'admin' })
        .expect(403);
      await http().delete(`/api/v1/users/${user.id}`).set(bearer(user.token)).expect(403);
    }
  });

  it('refuses bad input with 400', async () => {
    const post = (body: object) => http().post('/api/v1/users').set(bearer(admin)).send(body).expect(400);
    expect(
      (await post({ email: 'a@test.siaran.id', password: 'long-enough-pw', role: 'superuser' })).body.details,
    ).toEqual([
      {
        field: 'role',
        messages: ['role must be one of the following values: admin, producer, engineer, emergency-operator'],
      },
    ]);
    expect((await post({ email: 'a@test.siaran.id', password: 'short', role: 'producer' })).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (
        await post({
          email: 'a@test.siaran.id',
          password: 'long-enough-pw',
          role: 'producer',
          stationIds: ['batik-tv'],
        })
      ).body.details[0].field,
    ).toBe('stationIds');
    expect(
      (await post({ email: 'a@test.siaran.id', password: 'long-enough-pw', role: 'producer', isAdmin: true })).body
        .details,
    ).toEqual([{ field: 'isAdmin', messages: ['property isAdmin should not exist'] }]);
    expect((await http().get('/api/v1/users/42').set(bearer(admin)).expect(400)).body).toEqual({
      statusCode: 400,
      code: 'INVALID_ID',
      message: 'id must be a UUID, got "42"',
      details: { field: 'id' },
    });
    const user = await createUser(t, admin, 'engineer');
    expect(
      (await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ role: null }).expect(400)).body
        .details[0].field,
    ).toBe('role');
    expect(
      (await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ email: null }).expect(400)).body
        .details[0].field,
    ).toBe('email');
  });

  it('answers 404 for unknown users and 409 EMAIL_TAKEN for a second account on one e-mail', async () => {
    const missing = randomUUID();
    expect(
      (await http().patch(`/api/v1/users/${missing}`).set(bearer(admin)).send({ displayName: 'x' }).expect(404)).body
        .code,
    ).toBe('USER_NOT_FOUND');
    expect((await http().delete(`/api/v1/users/${missing}`).set(bearer(admin)).expect(404)).body.code).toBe(
      'USER_NOT_FOUND',
    );
    const user = await createUser(t, admin, 'engineer');
    const dup = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: user.email.toUpperCase(), password: 'long-enough-pw', role: 'producer' })
      .expect(409);
    expect(dup.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: 'Another user has this e-mail' });
    const other = await createUser(t, admin, 'engineer');
    expect(
      (await http().patch(`/api/v1/users/${other.id}`).set(bearer(admin)).send({ email: user.email }).expect(409)).body
        .code,
    ).toBe('EMAIL_TAKEN');
  });

  it('never leaves the system without an admin, even when two admins demote each other at once', async () => {
    const me = (await http().get('/api/v1/auth/me').set(bearer(admin)).expect(200)).body.id as string;
    const others = (await http().get('/api/v1/users').set(bearer(admin)).expect(200)).body.users.filter(
      (u: { role: string; id: string }) => u.role === 'admin' && u.id !== me,
    );
    expect(others).toEqual([]);
    expect((await http().delete(`/api/v1/users/${me}`).set(bearer(admin)).expect(409)).body.code).toBe('LAST_ADMIN');
    expect(
      (await http().patch(`/api/v1/users/${me}`).set(bearer(admin)).send({ role: 'engineer' }).expect(409)).body.code,
    ).toBe('LAST_ADMIN');

    const second = await createUser(t, admin, 'admin');
    const users = t.app.get(UsersService);
    const actor = { id: me, email: 'admin@test.siaran.id', role: 'admin' as const, stationIds: [] };
    const results = await Promise.allSettled([
      users.update(actor, me, { role: 'producer' }),
      users.update(actor, second.id, { role: 'producer' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as DomainError).code] : []))).toEqual([
      'LAST_ADMIN',
    ]);
    expect((await users.list()).filter((u) => u.role === 'admin')).toHaveLength(1);
  });
});
