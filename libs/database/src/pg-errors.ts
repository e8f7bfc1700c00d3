import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE codes the services turn into 4xx answers. */
export const PgErrorCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  RestrictViolation: '23001',
  CheckViolation: '23514',
} as const;

interface PgDriverError {
  code?: string;
  constraint?: string;
}

/** True when `error` is the PostgreSQL error `code`, raised by `constraint` when one is named. */
export function isPgError(error: unknown, code: string, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as PgDriverError;
  return driverError.code === code && (constraint === undefined || driverError.constraint === constraint);
}

/** A delete refused because rows still point at the row (ON DELETE RESTRICT or NO ACTION). */
export function isStillReferenced(error: unknown, constraint: string): boolean {
  return (
    isPgError(error, PgErrorCode.RestrictViolation, constraint) ||
    isPgError(error, PgErrorCode.ForeignKeyViolation, constraint)
  );
}
