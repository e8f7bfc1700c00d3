import { HttpException, HttpStatus } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { DomainError, type DomainErrorKind } from '@siaran/core';
import { ApiError, codeForStatus, type ErrorBody, ErrorCode } from './api-error';
import { isDatabaseUnavailable } from './database-unavailable';

/** The one place a kind of domain refusal becomes an HTTP status. */
export const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  'too-many-requests': HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * Fastify rejects some requests before any handler runs (bad JSON, body too large), as its
 * own errors or, re-thrown by Nest, as plain HttpExceptions carrying Fastify's message,
 * which is how they are recognised here.
 */
const CODES_OF_FASTIFY_MESSAGES = new Map<string, string>([
  [new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY().message, ErrorCode.InvalidJson],
  [new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY().message, ErrorCode.InvalidJson],
  [new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE().message, ErrorCode.BodyTooLarge],
]);

/** Maps anything thrown to the one error body; `unexpected` marks what deserves an error log. */
export function toErrorBody(error: unknown): { body: ErrorBody; unexpected: boolean } {
  if (error instanceof DomainError) {
    const { kind, code, message, details } = error;
    return {
      body: { statusCode: STATUS_OF_KIND[kind], code, message, ...(details === undefined ? {} : { details }) },
      unexpected: false,
    };
  }
  if (error instanceof ApiError) return { body: error.toBody(), unexpected: false };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (messageOf(response) ?? error.message);
    if (status === HttpStatus.NOT_FOUND && /^Cannot [A-Z]+ /.test(message)) {
      return {
        body: {
          statusCode: status,
          code: ErrorCode.RouteNotFound,
          message: `No route for ${message.slice('Cannot '.length)}`,
        },
        unexpected: false,
      };
    }
    return {
      body: { statusCode: status, code: CODES_OF_FASTIFY_MESSAGES.get(message) ?? codeForStatus(status), message },
      unexpected: status >= 500,
    };
  }
  if ((error as { code?: unknown } | null)?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      body: {
        statusCode: 415,
        code: ErrorCode.UnsupportedMediaType,
        message:
          'This endpoint does not take a body of that Content-Type: send application/json (multipart/form-data for uploads).',
      },
      unexpected: false,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      body: {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.DatabaseUnavailable,
        message: 'The database is not reachable at the moment; try again shortly.',
      },
      unexpected: false,
    };
  }
  const clientError = fastifyClientError(error);
  if (clientError) {
    const code = CODES_OF_FASTIFY_MESSAGES.get(clientError.message) ?? codeForStatus(clientError.statusCode);
    return { body: { statusCode: clientError.statusCode, code, message: clientError.message }, unexpected: false };
  }
  return { body: { statusCode: 500, code: ErrorCode.Internal, message: 'Internal server error' }, unexpected: true };
}

/**
 * Fastify and its plugins reject some requests with their own errors carrying a 4xx status:
 * FST_* errors, and http-errors ones (e.g. @fastify/static refusing a path with a "..").
 */
function fastifyClientError(error: unknown): { statusCode: number; message: string } | null {
  if (!(error instanceof Error)) return null;
  const { code, statusCode, expose } = error as Error & { code?: unknown; statusCode?: unknown; expose?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return null;
  const fromFastify = typeof code === 'string' && code.startsWith('FST_');
  return fromFastify || expose === true ? { statusCode, message: error.message } : null;
}

function messageOf(response: object): string | undefined {
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}
