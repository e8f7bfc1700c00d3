import { bearerTokenOf } from './authenticated';
import { newBearerToken, newRandomPassword, tokenDigest } from './secrets';

describe('tokens and passwords', () => {
  it('makes distinct opaque tokens of 256 bits and digests them as sha256 hex', () => {
    const [a, b] = [newBearerToken(), newBearerToken()];
    expect(a).toMatch(/^sia_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(tokenDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(tokenDigest('sia_abc')).not.toBe(tokenDigest('sia_abd'));
  });

  it('makes random first-admin passwords of 20 characters', () => {
    expect(newRandomPassword()).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(newRandomPassword()).not.toBe(newRandomPassword());
  });

  it('reads the token of an Authorization header', () => {
    expect(bearerTokenOf('Bearer sia_abc-DEF_123')).toBe('sia_abc-DEF_123');
    expect(bearerTokenOf('bearer   sia_x')).toBe('sia_x');
    expect(bearerTokenOf('Basic YWRtaW4=')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
