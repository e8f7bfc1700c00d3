import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '@siaran/http';
import { ChannelDirectory, ChannelLookupError } from './channel-directory';
import { type ChannelRef } from './channel-page';
import { WebAssets } from './web-assets';
import { WebPagesService } from './web-pages.service';

/** The channels table stands behind ChannelDirectory; here a table of channels (or a failure) stands in for it. */
function directory(answer: (slug: string) => ChannelRef | null | Error): ChannelDirectory & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(Object.create(ChannelDirectory.prototype) as ChannelDirectory, {
    asked,
    findBySlug: async (slug: string) => {
      asked.push(slug);
      const result = answer(slug);
      if (result instanceof Error) throw result;
      return result;
    },
  });
}

describe('WebPagesService', () => {
  let dir: string;
  const html = '<!doctype html><html lang="id"></html>';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-pages-'));
    writeFileSync(join(dir, 'index.html'), html);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const channels = directory((slug) => (slug === 'batik-tv' ? { slug, kind: 'tv' } : null));

  it('answers the page, 404 for unknown channels and a redirect for the other kind', async () => {
    const pages = new WebPagesService(new WebAssets(dir), channels);
    expect(await pages.home()).toEqual({ type: 'html', status: 200, html });
    expect(await pages.channel('tv', 'batik-tv', 'r1')).toEqual({ type: 'html', status: 200, html });
    expect(await pages.channel('radio', 'batik-tv', 'r2')).toEqual({ type: 'redirect', location: '/watch/batik-tv' });
    expect(await pages.channel('tv', 'tidak-ada', 'r3')).toEqual({ type: 'html', status: 404, html });
  });

  it('does not look up what cannot be a slug', async () => {
    const lookups = directory(() => null);
    const pages = new WebPagesService(new WebAssets(dir), lookups);
    expect(await pages.channel('tv', '../health', 'r1')).toEqual({ type: 'html', status: 404, html });
    expect(lookups.asked).toEqual([]);
  });

  it('still serves the page, as 503, when the channel cannot be looked up', async () => {
    const pages = new WebPagesService(
      new WebAssets(dir),
      directory(() => new ChannelLookupError('channel batik-tv could not be looked up: connection refused')),
    );
    expect(await pages.channel('tv', 'batik-tv', 'r1')).toEqual({ type: 'html', status: 503, html });
  });

  it('says how to build the player when it is not built', async () => {
    const pages = new WebPagesService(new WebAssets(join(dir, 'missing')), channels);
    const error = await pages.home().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).toBody()).toEqual({
      statusCode: 503,
      code: 'WEB_NOT_BUILT',
      message: 'The web player is not built: run "npm run build:web" (npm start does it)',
    });
  });
});
