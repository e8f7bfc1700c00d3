import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { type Role } from '@siaran/auth';
import { TEST_ADMIN, type TestApp } from './app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export async function login(t: TestApp, email = TEST_ADMIN.email, password = TEST_ADMIN.password): Promise<string> {
  const res = await request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** Creates a user through the admin API and logs them in. */
export async function createUser(
  t: TestApp,
  adminToken: string,
  role: Role,
  stationIds: string[] = [],
): Promise<TestUser> {
  const email = `${role}-${randomBytes(4).toString('hex')}@test.siaran.id`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await request(t.app.getHttpServer())
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ email, password, role, stationIds });
  if (res.status !== 201) throw new Error(`creating a ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, password, role, token: await login(t, email, password) };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
