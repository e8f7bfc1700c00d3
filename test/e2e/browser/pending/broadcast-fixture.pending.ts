/**
 * The broadcast the pending browser tests need, made through the real API of the all-in-one:
 * a station, a TV and a radio channel, real media transcoded by the media worker, and schedule
 * entries that playout airs.
 *
 * Written before the scheduling and media branches were merged: every request below follows the
 * contracts of issue 6 where they say something (GET shapes) and is otherwise this branch's best
 * reading of the plan. On activation, align each function with the merged controllers (paths,
 * field names, sign-in); the tests themselves only use these functions.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TestApp } from '../../../support/app';

export interface Api {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  upload<T>(path: string, file: string, fields: Record<string, string>): Promise<T>;
}

export interface TestChannel {
  id: string;
  slug: string;
  name: string;
  kind: 'tv' | 'radio';
}

async function answer<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const ADMIN = { email: 'admin@siaran.test', password: 'siaran-test-password-1' };

/** Environment that makes the test app create its first administrator. */
export const ADMIN_ENV: Record<string, string> = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

/** Signs in as that administrator and returns an authenticated client. */
export async function signIn(t: TestApp): Promise<Api> {
  const { email, password } = ADMIN;
  const login = await answer<{ access_token: string }>(
    await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }),
    'POST /api/v1/auth/login',
  );
  const authorization = `Bearer ${login.access_token}`;
  return {
    request: async (method, path, body) =>
      answer(
        await fetch(`${t.url}${path}`, {
          method,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        `${method} ${path}`,
      ),
    upload: async (path, file, fields) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([readFileSync(file)]), basename(file));
      return answer(await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization }, body: form }), `POST ${path}`);
    },
  };
}

export async function createStation(api: Api, input: { name: string; slug: string }): Promise<{ id: string; name: string }> {
  return api.request('POST', '/api/v1/stations', { ...input, timezone: 'Asia/Jakarta' });
}

export async function createChannel(api: Api, stationId: string, input: { slug: string; name: string; kind: 'tv' | 'radio' }): Promise<TestChannel> {
  const channel = await api.request<TestChannel>('POST', '/api/v1/channels', { station_id: stationId, ...input, timezone: 'Asia/Jakarta', language: 'id' });
  return { id: channel.id, slug: channel.slug, name: channel.name, kind: channel.kind };
}

/** Uploads a file and waits until the media worker has transcoded it to the channel ladder. */
export async function uploadReadyMedia(api: Api, file: string, title: string, timeoutMs = 180000): Promise<{ id: string }> {
  const media = await api.upload<{ id: string }>('/api/v1/media', file, { title });
  const started = Date.now();
  for (;;) {
    const current = await api.request<{ id: string; status: string }>('GET', `/api/v1/media/${media.id}`);
    if (current.status === 'ready') return { id: media.id };
    if (current.status === 'failed') throw new Error(`transcoding ${title} failed`);
    if (Date.now() - started > timeoutMs) throw new Error(`${title} not ready after ${timeoutMs} ms (status ${current.status})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function createProgramme(api: Api, stationId: string, input: { title: string; host?: string; mediaId: string }): Promise<{ id: string }> {
  return api.request('POST', '/api/v1/programmes', { station_id: stationId, title: input.title, host: input.host ?? null, media_id: input.mediaId });
}

/** One occurrence of a programme on a channel, at absolute times. */
export async function scheduleOnce(api: Api, channel: TestChannel, programmeId: string, start: number, end: number): Promise<{ id: string }> {
  return api.request('POST', `/api/v1/channels/${channel.slug}/schedule`, { programme_id: programmeId, start: new Date(start).toISOString(), end: new Date(end).toISOString() });
}

/**
 * Short test media made by ffmpeg: colour bars or a test pattern with a tone (video), or a tone
 * alone (audio), encoded fast; the media worker transcodes them like any upload.
 */
export function makeClip(directory: string, name: string, kind: 'video' | 'audio', seconds: number, pattern: 'testsrc2' | 'smptebars' = 'testsrc2'): string {
  const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
  const file = join(directory, `${name}.${kind === 'video' ? 'mp4' : 'm4a'}`);
  const tone = pattern === 'testsrc2' ? 440 : 660;
  const video = kind === 'video' ? ['-f', 'lavfi', '-i', `${pattern}=size=640x360:rate=25`] : [];
  const encode = kind === 'video' ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : [];
  execFileSync(ffmpeg, ['-loglevel', 'error', '-y', ...video, '-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=48000`, '-t', String(seconds), ...encode, '-c:a', 'aac', '-b:a', '96k', file]);
  return file;
}
