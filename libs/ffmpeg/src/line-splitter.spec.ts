import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('gives whole lines only, joined across chunks, whatever the line end', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('[silencedetect @ 0x1] silence_st')).toEqual([]);
    expect(splitter.push('art: 1.5\r\nsecond\rthird\n\nfou')).toEqual([
      '[silencedetect @ 0x1] silence_start: 1.5',
      'second',
      'third',
      '',
    ]);
    expect(splitter.push('rth')).toEqual([]);
    expect(splitter.end()).toEqual(['fourth']);
    expect(splitter.end()).toEqual([]);
  });
});
