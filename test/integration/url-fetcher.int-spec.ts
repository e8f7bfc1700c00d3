import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { loadConfig } from '@siaran/config';
import { ImportRefusedError, UrlFetcher } from '@siaran/media';

describe('UrlFetcher (imports from URL)', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') return res.writeHead(302, { Location: `http://127.0.0.1:${port}/berita.mp4` }).end();
      // Never answers: the connection stays open until the fetcher gives up.
      if (req.url === '/silent.mp4') return;
      if (req.url === '/trickle.mp4') {
        res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': '1000' });
        const drip = setInterval(() => res.write('x'), 100);
        res.on('close', () => clearInterval(drip));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': '5' }).end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const fetcher = (allowPrivate: boolean, env: Record<string, string> = {}) =>
    new UrlFetcher(loadConfig({ IMPORT_ALLOW_PRIVATE_NETWORKS: String(allowPrivate), ...env }));
  const refusal = (url: string) =>
    fetcher(false)
      .open(url)
      .then(
        () => undefined,
        (error: unknown) => error,
      );

  it('refuses loopback and private addresses, written or resolved, by default', async () => {
    expect(await refusal(`http://127.0.0.1:${port}/berita.mp4`)).toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message: 'Imports from private or loopback addresses (127.0.0.1) are not allowed.',
    });
    expect(await refusal(`http://localhost:${port}/berita.mp4`)).toBeInstanceOf(ImportRefusedError);
    expect(await refusal(`http://[::1]:${port}/berita.mp4`)).toMatchObject({ code: 'IMPORT_URL_REFUSED' });
    expect(await refusal('file:///etc/passwd')).toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message: 'Only http and https URLs can be imported.',
    });
    expect(await refusal('http://user:secret@example.com/a.mp4')).toMatchObject({ code: 'IMPORT_URL_REFUSED' });
  });

  it('opens a URL, following redirects, when private networks are allowed', async () => {
    const body = await fetcher(true).open(`http://127.0.0.1:${port}/redirect`);
    expect({ name: body.fileName, type: body.contentType, length: body.contentLength }).toEqual({
      name: 'berita.mp4',
      type: 'video/mp4',
      length: 5,
    });
    let text = '';
    for await (const chunk of body.stream) text += chunk;
    expect(text).toBe('hello');
  });

  it('refuses addresses that carry a private IPv4 address, and documentation ranges', async () => {
    for (const address of ['[::ffff:127.0.0.1]', '[::127.0.0.1]', '[2002:7f00:1::1]', '[64:ff9b::a00:1]', '192.0.2.10'])
      expect(await refusal(`http://${address}:${port}/berita.mp4`)).toMatchObject({ code: 'IMPORT_URL_REFUSED' });
  });

  describe('with IMPORT_TIMEOUT_MS', () => {
    const timeoutMessage = 'The import did not finish within 1 s (IMPORT_TIMEOUT_MS).';
    const slowFetcher = () => fetcher(true, { IMPORT_TIMEOUT_MS: '1000' });

    it('gives up on a server that never answers', async () => {
      await expect(slowFetcher().open(`http://127.0.0.1:${port}/silent.mp4`)).rejects.toMatchObject({
        code: 'IMPORT_FAILED',
        message: timeoutMessage,
      });
    });

    it('stops a download that is still trickling in', async () => {
      const body = await slowFetcher().open(`http://127.0.0.1:${port}/trickle.mp4`);
      const read = async () => {
        for await (const chunk of body.stream) expect(chunk).toBeDefined();
      };
      await expect(read()).rejects.toMatchObject({ code: 'IMPORT_FAILED', message: timeoutMessage });
    });
  });
});
