/** Stable codes of logins, accounts and access rules. */
export const AuthErrorCode = {
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  WeakPassword: 'WEAK_PASSWORD',
  AccountLocked: 'ACCOUNT_LOCKED',
  EmailTaken: 'EMAIL_TAKEN',
  UserNotFound: 'USER_NOT_FOUND',
  LastAdmin: 'LAST_ADMIN',
  StationNotFound: 'STATION_NOT_FOUND',
} as const;
