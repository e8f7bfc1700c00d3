/**
 * What kind of refusal an error is, whatever the transport: the HTTP edge (`@siaran/http`)
 * turns each kind into one status.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unprocessable'
  | 'too-many-requests'
  | 'unavailable';

/**
 * A rule of the domain said no: `code` is the stable, machine-readable name clients see
 * (`CHANNEL_NOT_FOUND`), `message` says it to a person, `details` carries what helps act on it.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A refusal for a while: the same request may succeed after `retryAfterSeconds` (HTTP's Retry-After). */
export class RetryLaterError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too-many-requests', code, message);
  }
}
