import { vodGrantRefusal, vodSignature, vodSigningKey } from './vod-grants';

describe('signed VOD URLs', () => {
  const key = vodSigningKey('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
  const asset = '0b8f6a54-3b1e-4c5e-9a51-6a0d9e5b7c21';
  const now = 1_780_000_000;

  it('derives a key of its own from the secrets key, and signs the asset and expiry in base64url', () => {
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex'))).toBe(
      false,
    );
    expect(vodSignature(key, asset, now)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(vodSignature(key, asset, now)).toBe(vodSignature(key, asset, now));
    expect(vodSignature(key, asset, now + 1)).not.toBe(vodSignature(key, asset, now));
  });

  it('opens the asset it was made for until it expires', () => {
    const query = { expires: String(now + 60), signature: vodSignature(key, asset, now + 60) };
    expect(vodGrantRefusal(key, asset, query, now)).toBeUndefined();
    expect(vodGrantRefusal(key, asset, query, now + 60)).toBeUndefined();
    expect(vodGrantRefusal(key, asset, query, now + 61)).toBe('expired');
  });

  it('refuses a grant for another asset, another expiry or another key', () => {
    const other = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
    const signature = vodSignature(key, asset, now + 60);
    expect(vodGrantRefusal(key, other, { expires: String(now + 60), signature }, now)).toBe('invalid');
    expect(vodGrantRefusal(key, asset, { expires: String(now + 3600), signature }, now)).toBe('invalid');
    const otherKey = vodSigningKey('ff'.repeat(32));
    expect(vodGrantRefusal(otherKey, asset, { expires: String(now + 60), signature }, now)).toBe('invalid');
  });

  it('tells a missing grant from a malformed one', () => {
    const signature = vodSignature(key, asset, now + 60);
    expect(vodGrantRefusal(key, asset, {}, now)).toBe('missing');
    expect(vodGrantRefusal(key, asset, { expires: String(now + 60) }, now)).toBe('malformed');
    expect(vodGrantRefusal(key, asset, { signature }, now)).toBe('malformed');
    expect(vodGrantRefusal(key, asset, { expires: 'tomorrow', signature }, now)).toBe('malformed');
    expect(vodGrantRefusal(key, asset, { expires: '0', signature }, now)).toBe('malformed');
    expect(vodGrantRefusal(key, asset, { expires: `0${now + 60}`, signature }, now)).toBe('malformed');
    expect(vodGrantRefusal(key, asset, { expires: String(now + 60), signature: `${signature}=` }, now)).toBe(
      'malformed',
    );
    expect(vodGrantRefusal(key, asset, { expires: [String(now + 60)], signature }, now)).toBe('malformed');
  });
});
