import { LineTail } from './line-tail';

describe('LineTail', () => {
  it('keeps the last lines of chunks split anywhere, without blank lines', () => {
    const tail = new LineTail(2);
    tail.push('first\nsec');
    tail.push('ond\n\n  \nthi');
    expect(tail.lines()).toEqual(['second', 'thi']);
    tail.push('rd\n');
    expect(tail.lines()).toEqual(['second', 'third']);
  });
});
