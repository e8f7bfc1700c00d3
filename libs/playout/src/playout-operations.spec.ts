import { NothingOnAirError } from './playout-operations';

describe('NothingOnAirError', () => {
  it('is a conflict naming the channel', () => {
    const error = new NothingOnAirError('rkb');
    expect([error.kind, error.code, error.message]).toEqual([
      'conflict',
      'NOTHING_ON_AIR',
      'Nothing is airing on rkb: there is nothing to skip',
    ]);
  });
});
