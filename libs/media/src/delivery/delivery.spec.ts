import { assetStatusOf, assetProgressOf } from '../assets/asset-status';
import { parseRange } from './media-object-responder';
import { isSuspiciousPath } from './playlist-reply';

describe('parseRange', () => {
  it('reads single byte ranges, open and suffix ones', () => {
    expect(parseRange(undefined, 1000)).toBeUndefined();
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=500-5000', 1000)).toEqual({ start: 500, end: 999 });
  });

  it('refuses what cannot be satisfied, and ignores what it does not understand', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=50-10', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeUndefined();
    expect(parseRange('items=0-1', 1000)).toBeUndefined();
  });
});

describe('isSuspiciousPath', () => {
  it('catches dot segments and encoded separators, raw or encoded', () => {
    for (const path of [
      '/media/assets/../x',
      '/media/assets/%2e%2e/x',
      '/media/a%2Fb',
      '/media/a%5cb',
      '/media/./x',
      '/media/a\\b',
      '/media/.%2e/x',
    ])
      expect([path, isSuspiciousPath(path)]).toEqual([path, true]);
    expect(isSuspiciousPath('/media/assets/1/tv-default/720p/seg-00001.ts?x=..')).toBe(false);
  });
});

describe('asset status', () => {
  it('follows its variants: work first, then failure, then ready', () => {
    expect(assetStatusOf([], 'probing')).toBe('probing');
    expect(assetStatusOf(['ready', 'transcoding', 'failed'], 'queued')).toBe('transcoding');
    expect(assetStatusOf(['ready', 'queued'], 'ready')).toBe('queued');
    expect(assetStatusOf(['ready', 'failed'], 'transcoding')).toBe('failed');
    expect(assetStatusOf(['ready', 'ready'], 'transcoding')).toBe('ready');
    expect(
      assetProgressOf([
        { status: 'ready', progress: 0 },
        { status: 'transcoding', progress: 50 },
      ]),
    ).toBe(75);
  });
});
