import { normaliseTags } from './asset-tags';

describe('normaliseTags', () => {
  it('trims, lowers the case, drops empty ones and repeats, and keeps the order given', () => {
    expect(normaliseTags([' Dangdut', 'lawas ', '', 'DANGDUT', '  ', 'Pop Sunda'])).toEqual([
      'dangdut',
      'lawas',
      'pop sunda',
    ]);
    expect(normaliseTags([])).toEqual([]);
  });
});
