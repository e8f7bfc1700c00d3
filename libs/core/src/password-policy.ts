export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
/** Fewer different characters than this is a pattern, not a password ("aaaaaaaaaa", "ababababab"). */
const MIN_DISTINCT_CHARACTERS = 5;

/** Passwords of the allowed length that every guessing list tries first, compared in lower case. */
const COMMON_PASSWORDS = new Set([
  '0123456789',
  '1234567890',
  '12345678910',
  '1234567890a',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'abcdefghij',
  'abcd123456',
  'abc1234567',
  'admin12345',
  'admin123456',
  'administrator',
  'bismillah123',
  'changeme123',
  'iloveyou123',
  'indonesia123',
  'letmein123',
  'passw0rd123',
  'password12',
  'password123',
  'password1234',
  'qwerty12345',
  'qwerty123456',
  'qwertyuiop',
  'rahasia123',
  'sayangku123',
  'superadmin',
  'welcome123',
  'zaq12wsxcv',
]);

/**
 * Why a password may not be set (worded to follow its name: "… must be at least 10 characters"),
 * or undefined when it may. Applies wherever a password is set: accounts, password changes and
 * the configured first admin's.
 */
export function passwordWeakness(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH)
    return `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (new Set(password.toLowerCase()).size < MIN_DISTINCT_CHARACTERS)
    return `must use at least ${MIN_DISTINCT_CHARACTERS} different characters`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is one of the most common passwords; choose another';
  return undefined;
}
