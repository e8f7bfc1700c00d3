import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebAssets } from './web-assets';
import { locateWebDist } from './web-dist';

describe('the built web player on disk', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'siaran-web-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is dist/web under the first directory up with a package.json', () => {
    writeFileSync(join(root, 'package.json'), '{}');
    const deep = join(root, 'dist', 'apps', 'api', 'src', 'web');
    mkdirSync(deep, { recursive: true });
    expect(locateWebDist(deep)).toBe(join(root, 'dist', 'web'));
    expect(locateWebDist(root)).toBe(join(root, 'dist', 'web'));
  });

  it('reads index.html at each request, and gives null before the first build', async () => {
    const assets = new WebAssets(join(root, 'web'));
    expect(await assets.indexHtml()).toBeNull();
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html><title>1</title>');
    expect(await assets.indexHtml()).toBe('<!doctype html><title>1</title>');
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html><title>2</title>');
    expect(await assets.indexHtml()).toBe('<!doctype html><title>2</title>');
    expect(assets.assetsDirectory).toBe(join(root, 'web', 'assets'));
  });
});
