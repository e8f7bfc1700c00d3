import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RetryLaterError } from '@siaran/core';
import { toErrorBody } from './error-body';

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
    // The handler may have set another type (XML, M3U) before failing: the error body is JSON.
    void reply
      .status(body.statusCode)
      .type('application/json; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(body);
  }
}
