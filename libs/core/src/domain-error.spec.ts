import { DomainError } from './domain-error';

describe('DomainError', () => {
  it('keeps its kind, code, message and details', () => {
    const error = new DomainError('conflict', 'SLUG_TAKEN', 'Another channel has this slug', { slug: 'batik-tv' });
    expect(error).toBeInstanceOf(Error);
    expect([error.kind, error.code, error.message, error.details]).toEqual([
      'conflict',
      'SLUG_TAKEN',
      'Another channel has this slug',
      { slug: 'batik-tv' },
    ]);
  });

  it('is named after the class thrown, for logs and stack traces', () => {
    class ChannelOffAir extends DomainError {}
    expect(new ChannelOffAir('unavailable', 'CHANNEL_OFF_AIR', 'off air').name).toBe('ChannelOffAir');
    expect(new DomainError('invalid', 'BAD', 'bad').name).toBe('DomainError');
  });
});
