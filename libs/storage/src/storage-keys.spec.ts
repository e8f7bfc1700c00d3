import { isPublicMediaKey, parseSegmentKey, safeFileName, segmentFileName, StorageKeys } from './storage-keys';

const asset = '0b6f3a52-8a8e-4c2f-9a51-2f0b7c3d9e10';

describe('StorageKeys', () => {
  it('lays out an asset under one prefix', () => {
    expect(StorageKeys.assetSource(asset, 'Berita Pagi.mp4')).toBe(`assets/${asset}/source/Berita-Pagi.mp4`);
    expect(StorageKeys.assetPoster(asset)).toBe(`assets/${asset}/poster.jpg`);
    expect(StorageKeys.assetMaster(asset, 'tv-default')).toBe(`assets/${asset}/tv-default/master.m3u8`);
    expect(StorageKeys.assetMediaPlaylist(asset, 'tv-default', '720p')).toBe(
      `assets/${asset}/tv-default/720p/index.m3u8`,
    );
    expect(StorageKeys.assetSegment(asset, 'tv-default', '720p', 7)).toBe(
      `assets/${asset}/tv-default/720p/seg-00007.ts`,
    );
    expect(StorageKeys.assetVariantPrefix(asset, 'radio-default')).toBe(`assets/${asset}/radio-default/`);
    for (const key of [StorageKeys.assetSource(asset, 'x'), StorageKeys.assetMaster(asset, 'tv-default')]) {
      expect(key.startsWith(StorageKeys.assetPrefix(asset))).toBe(true);
    }
  });

  it('refuses names that would escape the layout', () => {
    expect(() => StorageKeys.assetMaster(asset, '../x')).toThrow(/invalid preset/);
    expect(() => StorageKeys.assetSegment(asset, 'tv-default', 'a/b', 0)).toThrow(/invalid rendition/);
    expect(() => segmentFileName(-1)).toThrow();
  });

  it('keeps uploaded file names safe', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\video\\Pawai Batik.mov')).toBe('Pawai-Batik.mov');
    expect(safeFileName('..')).toBe('source');
    expect(safeFileName('lagu daerah é.mp3')).toBe('lagu-daerah-e-.mp3');
  });

  it('lets the public fetch segments and posters, never sources', () => {
    expect(isPublicMediaKey(StorageKeys.assetSegment(asset, 'tv-default', '720p', 3))).toBe(true);
    expect(isPublicMediaKey(StorageKeys.assetPoster(asset))).toBe(true);
    expect(isPublicMediaKey(StorageKeys.assetSource(asset, 'a.mp4'))).toBe(false);
    expect(isPublicMediaKey(`assets/${asset}/tv-default/720p/../../source/a.ts`)).toBe(false);
    expect(isPublicMediaKey('assets/not-a-uuid/tv-default/720p/seg-00000.ts')).toBe(false);
  });

  it('reads a segment key back into its parts only when it is exactly the key the system writes', () => {
    const key = StorageKeys.assetSegment(asset, 'tv-default', '720p', 42);
    expect(parseSegmentKey(key)).toEqual({ assetId: asset, preset: 'tv-default', rendition: '720p', index: 42 });
    expect(parseSegmentKey(`assets/${asset}/tv-default/720p/seg-000042.ts`)).toBeUndefined();
    expect(parseSegmentKey(`assets/${asset}/tv-default/720p/seg-9999999999.ts`)).toBeUndefined();
    expect(parseSegmentKey(`assets/${asset}/tv-default/720p/seg-00042.ts.tmp`)).toBeUndefined();
    expect(parseSegmentKey(StorageKeys.assetPoster(asset))).toBeUndefined();
    expect(parseSegmentKey(StorageKeys.assetMediaPlaylist(asset, 'tv-default', '720p'))).toBeUndefined();
  });
});
