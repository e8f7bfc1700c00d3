import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@siaran/core';
import { ApiError } from './api-error';
import { STATUS_OF_KIND, toErrorBody } from './error-body';

describe('STATUS_OF_KIND', () => {
  it('gives each kind of domain error its HTTP status', () => {
    expect(STATUS_OF_KIND).toEqual({
      invalid: 400,
      unauthorized: 401,
      forbidden: 403,
      'not-found': 404,
      conflict: 409,
      'too-large': 413,
      unprocessable: 422,
      'too-many-requests': 429,
      unavailable: 503,
    });
  });
});

describe('toErrorBody', () => {
  it.each(Object.entries(STATUS_OF_KIND) as [DomainErrorKind, number][])(
    'answers a DomainError of kind %s with %i, as an expected error',
    (kind, status) => {
      expect(toErrorBody(new DomainError(kind, 'SOME_CODE', 'Some message'))).toEqual({
        body: { statusCode: status, code: 'SOME_CODE', message: 'Some message' },
        unexpected: false,
      });
    },
  );

  it('gives a DomainError the body an ApiError of the same status gives, details included', () => {
    const domain = new DomainError('conflict', 'SLUG_TAKEN', 'The slug batik-tv is taken', { slug: 'batik-tv' });
    const http = new ApiError(409, 'SLUG_TAKEN', 'The slug batik-tv is taken', { slug: 'batik-tv' });
    expect(toErrorBody(domain)).toEqual(toErrorBody(http));
    expect(Object.keys(toErrorBody(domain).body)).toEqual(['statusCode', 'code', 'message', 'details']);
  });

  it('maps subclasses of DomainError by their kind', () => {
    class ChannelOffAir extends DomainError {
      constructor(slug: string) {
        super('unavailable', 'CHANNEL_OFF_AIR', `Channel ${slug} is off air`);
      }
    }
    expect(toErrorBody(new ChannelOffAir('batik-tv')).body).toEqual({
      statusCode: 503,
      code: 'CHANNEL_OFF_AIR',
      message: 'Channel batik-tv is off air',
    });
  });

  it('keeps an ApiError as it is, details included', () => {
    const error = new ApiError(409, 'SLUG_TAKEN', 'The slug batik-tv is taken', { slug: 'batik-tv' });
    expect(toErrorBody(error)).toEqual({
      body: {
        statusCode: 409,
        code: 'SLUG_TAKEN',
        message: 'The slug batik-tv is taken',
        details: { slug: 'batik-tv' },
      },
      unexpected: false,
    });
  });

  it('names a missing route', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /nope')).body).toEqual({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'No route for GET /nope',
    });
  });

  it('recognises Fastify body errors re-thrown by Nest', () => {
    const invalidJson = new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400);
    expect(toErrorBody(invalidJson).body.code).toBe('INVALID_JSON');
    expect(toErrorBody(new PayloadTooLargeException('Request body is too large')).body).toEqual({
      statusCode: 413,
      code: 'BODY_TOO_LARGE',
      message: 'Request body is too large',
    });
  });

  it('recognises Fastify body errors as Fastify raises them', () => {
    const invalidJson = Object.assign(
      new Error("Body is not valid JSON but content-type is set to 'application/json'"),
      { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 },
    );
    expect(toErrorBody(invalidJson).body).toEqual({
      statusCode: 400,
      code: 'INVALID_JSON',
      message: invalidJson.message,
    });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toErrorBody(tooLarge).body).toEqual({
      statusCode: 413,
      code: 'BODY_TOO_LARGE',
      message: 'Request body is too large',
    });
  });

  it('says which bodies are taken when Fastify refuses a Content-Type', () => {
    const unsupported = Object.assign(new Error('Unsupported Media Type'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(toErrorBody(unsupported)).toEqual({
      body: {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          'This endpoint does not take a body of that Content-Type: send application/json (multipart/form-data for uploads).',
      },
      unexpected: false,
    });
  });

  it('derives a code from the status of other HTTP exceptions', () => {
    expect(toErrorBody(new BadRequestException(['a', 'b'])).body).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'a; b',
    });
  });

  it('keeps the 4xx status of errors Fastify and its plugins raise', () => {
    const forbidden = Object.assign(new Error('Forbidden path'), {
      code: 'FST_STATIC_FORBIDDEN_PATH',
      statusCode: 403,
    });
    expect(toErrorBody(forbidden)).toEqual({
      body: { statusCode: 403, code: 'FORBIDDEN', message: 'Forbidden path' },
      unexpected: false,
    });
    const httpError = Object.assign(new Error('Forbidden'), { status: 403, statusCode: 403, expose: true });
    expect(toErrorBody(httpError).body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'Forbidden' });
    const serverSide = Object.assign(new Error('Plugin failed'), { code: 'FST_SOMETHING', statusCode: 500 });
    expect(toErrorBody(serverSide).body.statusCode).toBe(500);
    expect(toErrorBody(Object.assign(new Error('internal detail'), { statusCode: 404 })).body.statusCode).toBe(500);
  });

  it('hides the details of unexpected errors', () => {
    expect(toErrorBody(new Error('connection string postgres://secret'))).toEqual({
      body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' },
      unexpected: true,
    });
  });
});
