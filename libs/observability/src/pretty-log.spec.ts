import { logDestination } from './logging';
import { prettyLogLine } from './pretty-log';

describe('logs for a person at a terminal', () => {
  const at = new Date(2026, 11, 6, 10, 4, 5, 67).getTime();

  it('turns a pino line into time, level, origin, message and the other fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      pid: 42,
      hostname: 'studio',
      context: 'AirSwitchLog',
      msg: 'batik-tv now airs Kabar Pekalongan',
      channel: 'batik-tv',
      reason: 'scheduled',
      title: 'Kabar Pekalongan',
    });
    expect(prettyLogLine(`${line}\n`, false)).toBe(
      '10:04:05.067 INFO  [AirSwitchLog] batik-tv now airs Kabar Pekalongan channel=batik-tv reason=scheduled title="Kabar Pekalongan"\n',
    );
  });

  it('shows a request as method, path, status and time, and an error with its stack below', () => {
    const request = JSON.stringify({
      level: 40,
      time: at,
      req: { id: 'r1', method: 'POST', url: '/api/v1/auth/login' },
      res: { statusCode: 401 },
      responseTime: 12,
      msg: 'request completed',
    });
    expect(prettyLogLine(request, false)).toBe(
      '10:04:05.067 WARN  request completed POST /api/v1/auth/login 401 12 ms\n',
    );
    const failure = JSON.stringify({
      level: 50,
      time: at,
      process: 'worker',
      msg: 'transcode failed',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:2)' },
    });
    expect(prettyLogLine(failure, true)).toBe(
      '\u001b[90m10:04:05.067\u001b[0m \u001b[31mERROR\u001b[0m \u001b[36m[worker]\u001b[0m transcode failed\nError: boom\n    at x (y.ts:1:2)\n',
    );
  });

  it('passes on a line that is not JSON', () => {
    expect(prettyLogLine('plain words', false)).toBe('plain words\n');
  });

  it('is pretty on a terminal by default, JSON elsewhere, unless chosen', () => {
    expect(logDestination('auto', true)).toBeDefined();
    expect(logDestination('auto', false)).toBeUndefined();
    expect(logDestination('pretty', false)).toBeDefined();
    expect(logDestination('json', true)).toBeUndefined();
  });
});
