/**
 * SQLSTATE classes and codes that mean the server is not there to answer (as opposed to
 * refusing the statement): connection exceptions (08), a server shutting down or starting
 * up (57P01–57P03), and too many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** What node-postgres and its pool say when the server vanished or did not answer in time. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Query read timeout$/,
];

/**
 * True when `error` says PostgreSQL could not be reached, whether it comes straight from the
 * pool or wrapped by TypeORM (its `driverError`): such a request answers 503
 * DATABASE_UNAVAILABLE, and succeeds again once the pool reconnects.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = (error as { driverError?: unknown } | null)?.driverError ?? error;
  // Not `instanceof Error`: socket errors are made by Node's core, in another realm under Jest.
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNREACHABLE_SOCKET_CODES.has(code)) return true;
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
