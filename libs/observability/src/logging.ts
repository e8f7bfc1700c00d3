import { RequestMethod } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import pino, { type Logger as PinoLogger } from 'pino';
import { type LogLevel } from '@siaran/config';

export function loggerParams(level: LogLevel): Params {
  return {
    pinoHttp: {
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      // Health and metrics polling would drown everything else at info level.
      customLogLevel: (req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return /^\/(vod|health|metrics)\b/.test(req.url ?? '') ? 'debug' : 'info';
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // Every player fetches a playlist every few seconds and segments continuously: those
    // requests are counted by the metrics, not logged one by one.
    exclude: [
      { method: RequestMethod.GET, path: 'live/*path' },
      { method: RequestMethod.GET, path: 'media/*path' },
    ],
  };
}

export const createLoggingModule = (level: LogLevel) => LoggerModule.forRoot(loggerParams(level));

/** The logger used before Nest is up (boot banner, embedded servers, fatal config errors). */
export function createBootLogger(level: LogLevel): PinoLogger {
  return pino({ level, base: { pid: process.pid } });
}
