import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { passwordWeakness } from '@siaran/core';
import { EnvVars, type LogFormat, type LogLevel } from './env.schema';

export interface S3Connection {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
}

export interface AppConfig {
  /** `trustedProxies`: addresses and CIDR ranges whose X-Forwarded-For is believed. */
  http: {
    port: number;
    host: string;
    jsonBodyLimitBytes: number;
    /** No byte of a request body for this long ends the request (408). */
    bodyIdleTimeoutMs: number;
    /** A JSON body must arrive whole within this (408); uploads have only the idle limit. */
    bufferedBodyTimeoutMs: number;
    /** Addresses and CIDR ranges whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
    trustedProxies: string[];
    /** Origins whose pages may frame the web player (FRAME_ANCESTORS). */
    frameAncestors: string[];
    /** The bearer token monitoring presents for /metrics and health details (METRICS_TOKEN); unset: open. */
    metricsToken?: string;
    /** Event streams one client address, and the process in all, may hold open. */
    sseMaxPerAddress: number;
    sseMaxStreams: number;
  };
  dataDir: string;
  logLevel: LogLevel;
  /** LOG_FORMAT: auto is pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat;
  publicBaseUrl: string;
  /** `url` unset means: run the embedded PostgreSQL on `embeddedPort`. */
  database: { url?: string; embeddedPort: number };
  /** `connection` unset means: run the embedded S3 server on `embeddedPort`. */
  /** `readTimeoutMs`: a read not answered (or a body not arriving) for this long fails as 503 STORAGE_UNAVAILABLE. */
  storage: { connection?: S3Connection; bucket: string; region: string; embeddedPort: number; readTimeoutMs: number };
  ffmpeg: { ffmpegPath?: string; ffprobePath?: string };
  worker: { port: number };
  shutdownTimeoutMs: number;
  migrationsRun: boolean;
  /** `adminEmail`/`adminPassword` only matter while the database has no users. */
  auth: {
    adminEmail: string;
    adminPassword?: string;
    tokenTtlHours: number;
    /** Per client address. */
    loginAttemptsPerMinute: number;
    /** Per account, from any address. */
    lockoutFailures: number;
    lockoutSeconds: number;
  };
  /** Load the demo data into an empty database (all-in-one only). */
  demoData: boolean;
  media: MediaConfig;
  transcode: TranscodeConfig;
  playout: PlayoutConfig;
  live: LiveConfig;
  emergency: EmergencyConfig;
}

/** Emergency overrides: the two-person rule, and the speech of radio bulletins. */
export interface EmergencyConfig {
  twoPerson: boolean;
  /** espeak-ng as configured; undefined: looked for on the PATH. */
  espeakPath: string | undefined;
}

/** Live inputs: where studios push to, how their secrets are kept, and when live gives way to filler. */
export interface LiveConfig {
  /** 0: RTMP ingest off. */
  rtmpPort: number;
  /** 0: Icecast ingest off. */
  icecastPort: number;
  /** The UDP ports SRT inputs are given, first to last; null: SRT off. */
  srtPorts: { first: number; last: number } | null;
  /** Address the ingest servers listen on. */
  host: string;
  /** Host name studios connect to. */
  publicHost: string;
  /**
   * LIVE_SECRETS_KEY as set (64 hex digits). Unset: the all-in-one makes one under DATA_DIR
   * (`Connections.liveSecretsKey` is the key in use); separate processes refuse to boot.
   */
  secretsKey?: string;
  relayAllowPrivateNetworks: boolean;
  /** Segment durations a live item's next segment may be late before filler airs. */
  fallbackSegments: number;
  /** Good segments in a row before a fallen-back live item airs again. */
  returnSegments: number;
  silenceSeconds: number;
}

export interface PlayoutConfig {
  enabled: boolean;
  tickMs: number;
  lookaheadSeconds: number;
  windowSegments: number;
}

export interface MediaConfig {
  /** Segment URLs are `${publicBaseUrl}/${key}` when set, else served by the API. */
  publicBaseUrl?: string;
  /** Bytes of segments the API holds in memory for /media/<key>. */
  cacheBytes: number;
  /** Longest wait for one segment read from object storage. */
  storageTimeoutMs: number;
  uploadMaxBytes: number;
  /** Uploads one user, and the process in all, may have in flight. */
  uploadsMaxPerUser: number;
  uploadsMaxInFlight: number;
  importAllowPrivateNetworks: boolean;
  importTimeoutMs: number;
  /** Extra ladder presets, overriding the built-in ones of the same name. */
  ladderPresetsDir?: string;
}

export interface TranscodeConfig {
  concurrency: number;
  timeoutMs: number;
  stallTimeoutMs: number;
  retryLimit: number;
  retryDelayMs: number;
  nice: number;
}

export interface ConfigProblem {
  variable: string;
  value: string | undefined;
  message: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      [
        `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        ...problems.map(
          (p) => `  ${p.variable}${p.value === undefined ? '' : `=${JSON.stringify(p.value)}`}: ${p.message}`,
        ),
        'See the configuration table in README.md.',
      ].join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** Never echoed back in a boot error. */
const SECRET_VARIABLES = new Set(['ADMIN_PASSWORD', 'LIVE_SECRETS_KEY', 'METRICS_TOKEN']);

function problemsFrom(errors: ValidationError[], env: Record<string, string | undefined>): ConfigProblem[] {
  return errors.map((error) => ({
    variable: error.property,
    value: SECRET_VARIABLES.has(error.property) ? undefined : env[error.property],
    message: Object.values(error.constraints ?? {}).join('; '),
  }));
}

function parseS3Endpoint(endpoint: string, useSslSetting: boolean | undefined) {
  const hasScheme = /^https?:\/\//.test(endpoint);
  const url = new URL(hasScheme ? endpoint : `http://${endpoint}`);
  const useSSL = useSslSetting ?? url.protocol === 'https:';
  const port = url.port ? Number(url.port) : useSSL ? 443 : 80;
  return { endPoint: url.hostname, port, useSSL };
}

/** Reads and validates every setting; throws one ConfigValidationError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const vars = plainToInstance(EnvVars, present, { excludeExtraneousValues: false });
  const problems = problemsFrom(validateSync(vars, { skipMissingProperties: false }), env);

  if (vars.S3_ENDPOINT && problems.every((p) => p.variable !== 'S3_ENDPOINT')) {
    for (const required of ['S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const) {
      if (!vars[required])
        problems.push({ variable: required, value: undefined, message: 'is required when S3_ENDPOINT is set' });
    }
  }
  const srtPorts = srtPortRange(env.SRT_PORTS);
  if (srtPorts === 'invalid')
    problems.push({ variable: 'SRT_PORTS', value: env.SRT_PORTS, message: SRT_PORTS_RANGE_MESSAGE });
  const adminPasswordWeakness = vars.ADMIN_PASSWORD === undefined ? undefined : passwordWeakness(vars.ADMIN_PASSWORD);
  if (adminPasswordWeakness && problems.every((p) => p.variable !== 'ADMIN_PASSWORD'))
    problems.push({ variable: 'ADMIN_PASSWORD', value: undefined, message: adminPasswordWeakness });
  const trustedProxies = trustedProxyList(env.TRUSTED_PROXIES ?? '');
  if (trustedProxies === 'invalid')
    problems.push({ variable: 'TRUSTED_PROXIES', value: env.TRUSTED_PROXIES, message: TRUSTED_PROXIES_MESSAGE });
  const frameAncestors = frameAncestorList(env.FRAME_ANCESTORS ?? '');
  if (frameAncestors === 'invalid')
    problems.push({ variable: 'FRAME_ANCESTORS', value: env.FRAME_ANCESTORS, message: FRAME_ANCESTORS_MESSAGE });
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const port = vars.PORT ?? 3000;
  const publicBaseUrl = (vars.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const dataDir = vars.DATA_DIR ?? './var';
  const bucket = vars.S3_BUCKET ?? 'siaran';
  const region = vars.S3_REGION ?? 'us-east-1';
  return {
    http: {
      port,
      host: vars.HOST ?? '0.0.0.0',
      jsonBodyLimitBytes: vars.JSON_BODY_LIMIT_BYTES ?? 16 * 1024,
      bodyIdleTimeoutMs: (vars.HTTP_BODY_IDLE_TIMEOUT_SECONDS ?? 60) * 1000,
      bufferedBodyTimeoutMs: (vars.HTTP_BODY_TIMEOUT_SECONDS ?? 30) * 1000,
      trustedProxies: trustedProxies as string[],
      frameAncestors: frameAncestors as string[],
      metricsToken: vars.METRICS_TOKEN,
      sseMaxPerAddress: vars.SSE_MAX_PER_ADDRESS ?? 20,
      sseMaxStreams: vars.SSE_MAX_STREAMS ?? 10_000,
    },
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    logLevel: vars.LOG_LEVEL ?? 'info',
    logFormat: vars.LOG_FORMAT ?? 'auto',
    publicBaseUrl,
    database: { url: vars.DATABASE_URL, embeddedPort: vars.EMBEDDED_POSTGRES_PORT ?? 54329 },
    storage: {
      connection: vars.S3_ENDPOINT
        ? {
            ...parseS3Endpoint(vars.S3_ENDPOINT, vars.S3_USE_SSL),
            accessKey: vars.S3_ACCESS_KEY as string,
            secretKey: vars.S3_SECRET_KEY as string,
            region,
            bucket,
          }
        : undefined,
      bucket,
      region,
      embeddedPort: vars.EMBEDDED_S3_PORT ?? 0,
      readTimeoutMs: vars.STORAGE_READ_TIMEOUT_MS ?? 5000,
    },
    ffmpeg: { ffmpegPath: vars.FFMPEG_PATH, ffprobePath: vars.FFPROBE_PATH },
    worker: { port: vars.WORKER_PORT ?? 3001 },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 10000,
    migrationsRun: vars.MIGRATIONS_RUN ?? true,
    demoData: vars.DEMO_DATA ?? true,
    auth: {
      adminEmail: (vars.ADMIN_EMAIL ?? 'admin@siaran.local').toLowerCase(),
      adminPassword: vars.ADMIN_PASSWORD,
      tokenTtlHours: vars.AUTH_TOKEN_TTL_HOURS ?? 12,
      loginAttemptsPerMinute: vars.LOGIN_ATTEMPTS_PER_MINUTE ?? 10,
      lockoutFailures: vars.LOGIN_LOCKOUT_FAILURES ?? 10,
      lockoutSeconds: vars.LOGIN_LOCKOUT_SECONDS ?? 900,
    },
    media: {
      publicBaseUrl: vars.PUBLIC_MEDIA_BASE_URL?.replace(/\/+$/, ''),
      cacheBytes: vars.MEDIA_CACHE_BYTES ?? 256 * 1024 ** 2,
      storageTimeoutMs: vars.MEDIA_STORAGE_TIMEOUT_MS ?? 10_000,
      uploadMaxBytes: vars.UPLOAD_MAX_BYTES ?? 8 * 1024 ** 3,
      uploadsMaxPerUser: vars.UPLOADS_MAX_PER_USER ?? 3,
      uploadsMaxInFlight: vars.UPLOADS_MAX_IN_FLIGHT ?? 20,
      importAllowPrivateNetworks: vars.IMPORT_ALLOW_PRIVATE_NETWORKS ?? false,
      importTimeoutMs: vars.IMPORT_TIMEOUT_MS ?? 3600 * 1000,
      ladderPresetsDir: vars.LADDER_PRESETS_DIR ? resolve(cwd, vars.LADDER_PRESETS_DIR) : undefined,
    },
    transcode: {
      concurrency: vars.TRANSCODE_CONCURRENCY ?? 1,
      timeoutMs: vars.TRANSCODE_TIMEOUT_MS ?? 6 * 3600 * 1000,
      stallTimeoutMs: vars.TRANSCODE_STALL_TIMEOUT_MS ?? 120_000,
      retryLimit: vars.TRANSCODE_RETRY_LIMIT ?? 5,
      retryDelayMs: vars.TRANSCODE_RETRY_DELAY_MS ?? 30_000,
      nice: vars.TRANSCODE_NICE ?? 10,
    },
    playout: {
      enabled: vars.PLAYOUT_ENABLED ?? true,
      tickMs: vars.PLAYOUT_TICK_MS ?? 2000,
      lookaheadSeconds: vars.PLAYOUT_LOOKAHEAD_SECONDS ?? 30,
      windowSegments: vars.PLAYOUT_WINDOW_SEGMENTS ?? 8,
    },
    live: {
      rtmpPort: vars.RTMP_PORT ?? 1935,
      icecastPort: vars.ICECAST_PORT ?? 8000,
      srtPorts: srtPorts as LiveConfig['srtPorts'],
      host: vars.INGEST_HOST ?? '0.0.0.0',
      publicHost: vars.INGEST_PUBLIC_HOST ?? new URL(publicBaseUrl).hostname,
      secretsKey: vars.LIVE_SECRETS_KEY?.toLowerCase(),
      relayAllowPrivateNetworks: vars.RELAY_ALLOW_PRIVATE_NETWORKS ?? false,
      fallbackSegments: vars.LIVE_FALLBACK_SEGMENTS ?? 1.5,
      returnSegments: vars.LIVE_RETURN_SEGMENTS ?? 2,
      silenceSeconds: vars.LIVE_SILENCE_SECONDS ?? 30,
    },
    emergency: { twoPerson: vars.EMERGENCY_TWO_PERSON ?? false, espeakPath: vars.ESPEAK_PATH },
  };
}

const TRUSTED_PROXIES_MESSAGE =
  'must be a comma-separated list of IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8,fd00::/8';

/** TRUSTED_PROXIES as its entries, or 'invalid' when one is neither an IP address nor a CIDR range. */
function trustedProxyList(raw: string): string[] | 'invalid' {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const valid = entries.every((entry) => {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  return valid ? entries : 'invalid';
}

const FRAME_ANCESTORS_MESSAGE =
  'must be a comma-separated list of origins (scheme, host and port only), e.g. https://pekalongankota.go.id,https://www.pekalongankota.go.id';

/** FRAME_ANCESTORS as its origins, or 'invalid' when one is not an http(s) origin. */
function frameAncestorList(raw: string): string[] | 'invalid' {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const valid = entries.every((entry) => {
    try {
      const url = new URL(entry);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry.toLowerCase();
    } catch {
      return false;
    }
  });
  return valid ? entries.map((entry) => entry.toLowerCase()) : 'invalid';
}

const SRT_PORTS_RANGE_MESSAGE = 'must be a range of UDP ports from 1 to 65535 whose first port is not after its last';

/** SRT_PORTS as a range; null when SRT is off (0, set empty, or a value the schema already refuses); 'invalid' for a range out of order or bounds. */
function srtPortRange(raw: string | undefined): LiveConfig['srtPorts'] | 'invalid' {
  if (raw === undefined) return { first: 10000, last: 10099 };
  const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(raw);
  if (!match) return null;
  const [first, last] = [Number(match[1]), Number(match[2])];
  return first >= 1 && last <= 65535 && first <= last ? { first, last } : 'invalid';
}
