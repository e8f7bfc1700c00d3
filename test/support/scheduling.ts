import request from 'supertest';
import { type TestApp } from './app';
import { bearer } from './auth';

/** Creates through the API as the given user; fails the test unless the answer is 201. */
export async function created<T = Record<string, unknown>>(
  t: TestApp,
  token: string,
  path: string,
  body: object,
): Promise<T & { id: string }> {
  const res = await request(t.app.getHttpServer()).post(`/api/v1/${path}`).set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`POST /api/v1/${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T & { id: string };
}

export interface Studio {
  stationId: string;
  channelId: string;
  programmeId: string;
  otherProgrammeId: string;
}

/** A station with one channel (in `timezone`) and two programmes. */
export async function createStudio(
  t: TestApp,
  adminToken: string,
  slug: string,
  timezone = 'Asia/Jakarta',
): Promise<Studio> {
  const station = await created(t, adminToken, 'stations', { slug, name: `LPPL ${slug}` });
  const channel = await created(t, adminToken, 'channels', {
    stationId: station.id,
    kind: 'tv',
    slug: `${slug}-tv`,
    name: `${slug} TV`,
    timezone,
  });
  const programme = await created(t, adminToken, 'programmes', {
    stationId: station.id,
    title: 'Kabar Pagi',
    category: 'Berita',
  });
  const other = await created(t, adminToken, 'programmes', {
    stationId: station.id,
    title: 'Jam Keroncong',
    category: 'Musik',
  });
  return { stationId: station.id, channelId: channel.id, programmeId: programme.id, otherProgrammeId: other.id };
}
