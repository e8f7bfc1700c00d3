import { InputSecrets, InputSecretUnreadableError, sameSecret } from './input-secrets';

const inputId = '7d0f4a52-3c1e-4b8e-9a57-0c3c1f6b2a10';
const otherInputId = '0b7a3d3e-52a4-4a41-8f44-1e2f9b7c6d55';

describe('InputSecrets', () => {
  const secrets = new InputSecrets({ liveSecretsKey: '1f'.repeat(32) });

  it('makes secrets of 32 hexadecimal digits, each one new', () => {
    const made = new Set(Array.from({ length: 50 }, () => secrets.generate()));
    expect(made.size).toBe(50);
    for (const secret of made) expect(secret).toMatch(/^[0-9a-f]{32}$/);
  });

  it('seals a secret so that it opens again, never showing it and never the same twice', () => {
    const sealed = secrets.seal(inputId, 'kabar-pagi-2026');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('kabar');
    expect(secrets.seal(inputId, 'kabar-pagi-2026')).not.toBe(sealed);
    expect(secrets.open(inputId, sealed)).toBe('kabar-pagi-2026');
  });

  it('refuses a sealed secret of another input, under another key, or altered', () => {
    const sealed = secrets.seal(inputId, 'kabar-pagi-2026');
    expect(() => secrets.open(otherInputId, sealed)).toThrow(InputSecretUnreadableError);
    expect(() => new InputSecrets({ liveSecretsKey: '2e'.repeat(32) }).open(inputId, sealed)).toThrow(
      `The secret of live input ${inputId} cannot be read with this LIVE_SECRETS_KEY; rotate it`,
    );
    const [format, iv, tag, ciphertext] = sealed.split('.');
    const flipped = `${ciphertext[0] === 'A' ? 'B' : 'A'}${ciphertext.slice(1)}`;
    expect(() => secrets.open(inputId, [format, iv, tag, flipped].join('.'))).toThrow(InputSecretUnreadableError);
    expect(() => secrets.open(inputId, 'plain-text')).toThrow(InputSecretUnreadableError);
  });

  it('needs a key of 32 bytes', () => {
    expect(() => new InputSecrets({ liveSecretsKey: 'abcd' })).toThrow(/32 bytes/);
  });
});

describe('sameSecret', () => {
  it('tells equal secrets from different ones of any length', () => {
    expect(sameSecret('0123456789abcdef', '0123456789abcdef')).toBe(true);
    expect(sameSecret('0123456789abcdee', '0123456789abcdef')).toBe(false);
    expect(sameSecret('0123', '0123456789abcdef')).toBe(false);
    expect(sameSecret('', '0123456789abcdef')).toBe(false);
  });
});
