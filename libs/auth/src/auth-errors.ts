/** Stable codes of the accounts and login endpoints (UNAUTHORIZED and FORBIDDEN are the common ones). */
export const AuthErrorCode = {
  InvalidCredentials: 'INVALID_CREDENTIALS',
  EmailTaken: 'EMAIL_TAKEN',
  UserNotFound: 'USER_NOT_FOUND',
  LastAdmin: 'LAST_ADMIN',
  StationNotFound: 'STATION_NOT_FOUND',
} as const;
