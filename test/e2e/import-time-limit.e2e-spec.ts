import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, login } from '../support/auth';
import { createStudio } from '../support/scheduling';

describe('imports from URL within IMPORT_TIMEOUT_MS', () => {
  let t: TestApp;
  let server: Server;
  let filesUrl: string;
  beforeAll(async () => {
    // Sends the headers of a 1000-byte file, then a byte every 100 ms: 10 s for the whole file.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': '1000' });
      const drip = setInterval(() => response.write('x'), 100);
      response.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ env: { IMPORT_ALLOW_PRIVATE_NETWORKS: 'true', IMPORT_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await t.close();
  });

  it('stops a download still trickling in with 422 IMPORT_FAILED, keeping nothing', async () => {
    const admin = await login(t);
    const { stationId } = await createStudio(t, admin, 'batik');
    const res = await request(t.app.getHttpServer())
      .post(`/api/v1/stations/${stationId}/assets/import`)
      .set(bearer(admin))
      .send({
        url: `${filesUrl}/siaran-ulang.mp4`,
        title: 'Siaran ulang',
        kind: 'programme',
        presets: ['radio-default'],
      })
      .expect(422);
    expect(res.body).toEqual({
      statusCode: 422,
      code: 'IMPORT_FAILED',
      message: 'The import did not finish within 1 s (IMPORT_TIMEOUT_MS).',
    });
    const assets = await request(t.app.getHttpServer())
      .get(`/api/v1/assets?stationId=${stationId}`)
      .set(bearer(admin))
      .expect(200);
    expect(assets.body.total).toBe(0);
  });
});
