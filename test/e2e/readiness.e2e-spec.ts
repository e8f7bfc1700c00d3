import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';

describe('readiness follows its components', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('turns 503 naming storage when object storage stops, and 200 when it returns', async () => {
    await request(t.app.getHttpServer()).get('/health/ready').expect(200);

    await t.s3.pause();
    const down = await request(t.app.getHttpServer()).get('/health/ready').expect(503);
    expect(down.body).toMatchObject({ statusCode: 503, code: 'NOT_READY', message: 'Not ready: storage is down' });
    expect(down.body.details.error.storage.status).toBe('down');
    expect(down.body.details.info.database.status).toBe('up');
    expect(down.body.details.info.ffmpeg.status).toBe('up');

    await t.s3.resume();
    await request(t.app.getHttpServer()).get('/health/ready').expect(200);
  });
});
