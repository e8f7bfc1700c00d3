import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RetryLaterError } from '@siaran/core';
import { ErrorCode } from './api-error';
import { toErrorBody } from './error-body';

/** The embedded PostgreSQL's first restart takes a second or two; a client retries after this. */
const DATABASE_RETRY_AFTER_SECONDS = '2';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.answer(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Also Fastify's error handler: what fails before a route's handler runs (an unsupported Content-Type) never reaches Nest. */
  answer(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const { body, unexpected } = toErrorBody(exception);
    if (unexpected)
      this.logger.error({ err: exception, reqId: request.id }, `unhandled error on ${request.method} ${request.url}`);
    if (reply.sent) return;
    if (exception instanceof RetryLaterError) void reply.header('Retry-After', String(exception.retryAfterSeconds));
    if (body.code === ErrorCode.DatabaseUnavailable) {
      void reply.header('Retry-After', DATABASE_RETRY_AFTER_SECONDS);
      this.logger.warn(
        { reqId: request.id, err: exception },
        `database unavailable on ${request.method} ${request.url}`,
      );
    }
    // The handler may have set another type (XML, M3U) before failing: the error body is JSON.
    void reply
      .status(body.statusCode)
      .type('application/json; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(body);
  }
}
