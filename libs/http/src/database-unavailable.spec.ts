import { isDatabaseUnavailable } from './database-unavailable';
import { toErrorBody } from './error-body';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', pgError('connect ECONNREFUSED 127.0.0.1:54329', 'ECONNREFUSED')],
    ['a server shutting down', pgError('terminating connection due to administrator command', '57P01')],
    ['a server starting up', pgError('the database system is starting up', '57P03')],
    ['a connection exception', pgError('connection failure', '08006')],
    ['a connection cut mid-query', pgError('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', pgError('timeout exceeded when trying to connect')],
    ['a wrapped driver error', Object.assign(new Error('query failed'), { driverError: pgError('x', '57P01') })],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value', '23505')],
    ['a syntax error', pgError('syntax error at or near "SELEC"', '42601')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('gives an unreachable database 503 DATABASE_UNAVAILABLE in the common shape, not an unexpected 500', () => {
    expect(toErrorBody(pgError('Connection terminated unexpectedly'))).toEqual({
      body: {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is not reachable at the moment; try again shortly.',
      },
      unexpected: false,
    });
  });
});
