import { isStorageUnavailable, MULTIPART_PART_SIZE, partSizeFor } from './object-storage';

describe('partSizeFor', () => {
  it('keeps 16 MiB parts up to 160 GiB and grows them beyond, so 10,000 parts always suffice', () => {
    expect(partSizeFor(8 * 1024 ** 3)).toBe(MULTIPART_PART_SIZE);
    expect(partSizeFor(Number.POSITIVE_INFINITY)).toBe(MULTIPART_PART_SIZE);
    const fiveTiB = 5 * 1024 ** 4;
    expect(partSizeFor(fiveTiB) * 10_000).toBeGreaterThanOrEqual(fiveTiB);
    expect(partSizeFor(fiveTiB) % (1024 * 1024)).toBe(0);
  });
});

describe('isStorageUnavailable', () => {
  it('tells an unreachable or failing server from a refused request', () => {
    expect(
      isStorageUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(
      isStorageUnavailable(Object.assign(new Error('We encountered an internal error'), { code: 'InternalError' })),
    ).toBe(true);
    expect(isStorageUnavailable(new Error('socket hang up'))).toBe(true);
    expect(isStorageUnavailable(Object.assign(new Error('Access Denied'), { code: 'AccessDenied' }))).toBe(false);
    expect(isStorageUnavailable(Object.assign(new Error('no such key'), { code: 'NoSuchKey' }))).toBe(false);
  });
});
