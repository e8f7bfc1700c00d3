import { RequestMethod } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import pino, { type Logger as PinoLogger } from 'pino';
import { type LogFormat, type LogLevel } from '@siaran/config';
import { prettyDestination } from './pretty-log';

/** Pretty lines for a person at a terminal, JSON lines for everything else (files, journald, collectors). */
export function logDestination(format: LogFormat, stdoutIsTty: boolean): { write(line: string): void } | undefined {
  const pretty = format === 'pretty' || (format === 'auto' && stdoutIsTty);
  return pretty ? prettyDestination(stdoutIsTty) : undefined;
}

export function loggerParams(level: LogLevel, format: LogFormat): Params {
  const destination = logDestination(format, process.stdout.isTTY === true);
  const options: Extract<NonNullable<Params['pinoHttp']>, unknown[]>[0] = {
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
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // Every player fetches a playlist every few seconds and segments continuously: those
    // requests are counted by the metrics, not logged one by one.
    exclude: [
      { method: RequestMethod.GET, path: 'live/*path' },
      { method: RequestMethod.GET, path: 'media/*path' },
    ],
  };
}

export const createLoggingModule = (level: LogLevel, format: LogFormat) =>
  LoggerModule.forRoot(loggerParams(level, format));

/** The logger used before Nest is up (boot banner, embedded servers, fatal config errors). */
export function createBootLogger(level: LogLevel, format: LogFormat): PinoLogger {
  const destination = logDestination(format, process.stdout.isTTY === true);
  const options = { level, base: { pid: process.pid } };
  return destination ? pino(options, destination) : pino(options);
}
