import { passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  const judged = (passwords: string[]) => passwords.map((password) => [password, passwordWeakness(password)]);

  it('accepts passwords of 10 to 200 characters with some variety', () => {
    const accepted = [
      'test-admin-password',
      'bench-admin-password',
      'batik-tv-2026',
      'abcde12345',
      'x'.repeat(195) + 'abcde',
    ];
    expect(judged(accepted)).toEqual(accepted.map((password) => [password, undefined]));
  });

  it('refuses passwords too short or too long', () => {
    expect(judged(['short', 'abcdefgh9', 'x1y2z3'.repeat(34)])).toEqual([
      ['short', 'must be 10 to 200 characters'],
      ['abcdefgh9', 'must be 10 to 200 characters'],
      ['x1y2z3'.repeat(34), 'must be 10 to 200 characters'],
    ]);
  });

  it('refuses whitespace only, one character repeated and too few different characters', () => {
    expect(judged([' '.repeat(10), '\t \n'.repeat(4), 'aaaaaaaaaa', 'ababababab', 'abcdabcdabcd'])).toEqual([
      [' '.repeat(10), 'must not be only spaces'],
      ['\t \n'.repeat(4), 'must not be only spaces'],
      ['aaaaaaaaaa', 'must use at least 5 different characters'],
      ['ababababab', 'must use at least 5 different characters'],
      ['abcdabcdabcd', 'must use at least 5 different characters'],
    ]);
  });

  it('refuses the most common passwords in any case', () => {
    expect(judged(['password123', 'Password123', 'QWERTYUIOP', '1234567890', 'Indonesia123'])).toEqual(
      ['password123', 'Password123', 'QWERTYUIOP', '1234567890', 'Indonesia123'].map((password) => [
        password,
        'is one of the most common passwords; choose another',
      ]),
    );
  });
});
