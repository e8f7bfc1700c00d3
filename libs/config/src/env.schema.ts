import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : value;

const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number.parseFloat(value) : value;

const PORT_MESSAGE = 'must be a whole number from 1 to 65535';
const PORT_OR_ZERO_MESSAGE = 'must be a whole number from 0 (any free port) to 65535';
const BOOL_MESSAGE = 'must be true or false';
const TOKEN_TTL_MESSAGE = 'must be a whole number of hours from 1 to 720';
const UPLOAD_MESSAGE = 'must be a whole number of bytes from 1024 to 5497558138880 (5 TiB)';
const INGEST_PORT_MESSAGE = 'must be a whole number from 1 to 65535, or 0 to turn this ingest off';
/** `first-last`, or 0 (off). */
const SRT_PORTS_PATTERN = /^\s*(0|\d{1,5}\s*-\s*\d{1,5})\s*$/;
const SRT_PORTS_MESSAGE =
  'must be a range of UDP ports such as 10000-10099 (first to last, 1 to 65535), or 0 to turn SRT off';
const FALLBACK_MESSAGE = 'must be a number of segment durations from 1 to 10, e.g. 1.5';
/** pg-boss refuses job expirations of 24 hours or more. */
const MAX_TIMEOUT_MS = 23 * 3600 * 1000;
const MEDIA_CACHE_MESSAGE = 'must be a whole number of bytes from 1048576 (1 MiB) to 68719476736 (64 GiB)';
const STORAGE_TIMEOUT_MESSAGE = 'must be a whole number of milliseconds from 100 to 600000';
const TIMEOUT_MESSAGE = `must be a whole number of milliseconds from 1000 to ${MAX_TIMEOUT_MS}`;
const IN_FLIGHT_MESSAGE = 'must be a whole number from 1 to 1000000';
const STORAGE_READ_TIMEOUT_MESSAGE = 'must be a whole number of milliseconds from 100 to 120000';

/**
 * Every environment variable the system reads. The README's configuration table
 * mirrors this class; `describeEnv()` is the single source of the descriptions.
 */
export class EnvVars {
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a host name or IP address to listen on' })
  HOST?: string;

  /** Checked entry by entry in loadConfig. */
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES?: string;

  /** Checked entry by entry in loadConfig. */
  @IsOptional()
  @IsString()
  FRAME_ANCESTORS?: string;

  @IsOptional()
  @Matches(/^[\x21-\x7e]{24,200}$/, {
    message: 'must be 24 to 200 printable characters without spaces; generate one with: openssl rand -hex 24',
  })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: IN_FLIGHT_MESSAGE })
  @Min(1, { message: IN_FLIGHT_MESSAGE })
  @Max(1_000_000, { message: IN_FLIGHT_MESSAGE })
  SSE_MAX_PER_ADDRESS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: IN_FLIGHT_MESSAGE })
  @Min(1, { message: IN_FLIGHT_MESSAGE })
  @Max(1_000_000, { message: IN_FLIGHT_MESSAGE })
  SSE_MAX_STREAMS?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a directory path' })
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT?: LogFormat;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an absolute http(s) URL, e.g. https://tv.pekalongankota.go.id' },
  )
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'must be a PostgreSQL URL: postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  EMBEDDED_POSTGRES_PORT?: number;

  @IsOptional()
  @Matches(/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/, {
    message: 'must be host[:port] or http(s)://host[:port] of an S3/MinIO server',
  })
  S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  @MinLength(3, { message: 'must be at least 3 characters' })
  S3_ACCESS_KEY?: string;

  @IsOptional()
  @IsString()
  @MinLength(3, { message: 'must be at least 3 characters' })
  S3_SECRET_KEY?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be a valid bucket name (3-63 lower-case letters, digits, dots, hyphens)',
  })
  S3_BUCKET?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]+$/, { message: 'must be a region name such as us-east-1' })
  S3_REGION?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  S3_USE_SSL?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: PORT_OR_ZERO_MESSAGE })
  @Min(0, { message: PORT_OR_ZERO_MESSAGE })
  @Max(65535, { message: PORT_OR_ZERO_MESSAGE })
  EMBEDDED_S3_PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: STORAGE_READ_TIMEOUT_MESSAGE })
  @Min(100, { message: STORAGE_READ_TIMEOUT_MESSAGE })
  @Max(120_000, { message: STORAGE_READ_TIMEOUT_MESSAGE })
  STORAGE_READ_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of an ffmpeg executable' })
  FFMPEG_PATH?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of an ffprobe executable' })
  FFPROBE_PATH?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  WORKER_PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes from 1024 to 104857600' })
  @Min(1024, { message: 'must be a whole number of bytes from 1024 to 104857600' })
  @Max(104857600, { message: 'must be a whole number of bytes from 1024 to 104857600' })
  JSON_BODY_LIMIT_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds from 1 to 3600' })
  HTTP_BODY_IDLE_TIMEOUT_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds from 1 to 3600' })
  HTTP_BODY_TIMEOUT_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds from 1000 to 120000' })
  @Min(1000, { message: 'must be a whole number of milliseconds from 1000 to 120000' })
  @Max(120000, { message: 'must be a whole number of milliseconds from 1000 to 120000' })
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  MIGRATIONS_RUN?: boolean;

  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address, e.g. admin@pekalongankota.go.id' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'must be 10 to 200 characters' })
  @MaxLength(200, { message: 'must be 10 to 200 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: TOKEN_TTL_MESSAGE })
  @Min(1, { message: TOKEN_TTL_MESSAGE })
  @Max(720, { message: TOKEN_TTL_MESSAGE })
  AUTH_TOKEN_TTL_HOURS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of attempts from 1 to 1000' })
  @Min(1, { message: 'must be a whole number of attempts from 1 to 1000' })
  @Max(1000, { message: 'must be a whole number of attempts from 1 to 1000' })
  LOGIN_ATTEMPTS_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of failures from 1 to 1000' })
  @Min(1, { message: 'must be a whole number of failures from 1 to 1000' })
  @Max(1000, { message: 'must be a whole number of failures from 1 to 1000' })
  LOGIN_LOCKOUT_FAILURES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds from 1 to 86400' })
  @Min(1, { message: 'must be a whole number of seconds from 1 to 86400' })
  @Max(86400, { message: 'must be a whole number of seconds from 1 to 86400' })
  LOGIN_LOCKOUT_SECONDS?: number;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an absolute http(s) URL of the bucket or CDN, e.g. https://media.pekalongankota.go.id/siaran' },
  )
  PUBLIC_MEDIA_BASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MEDIA_CACHE_MESSAGE })
  @Min(1024 * 1024, { message: MEDIA_CACHE_MESSAGE })
  @Max(64 * 1024 ** 3, { message: MEDIA_CACHE_MESSAGE })
  MEDIA_CACHE_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: STORAGE_TIMEOUT_MESSAGE })
  @Min(100, { message: STORAGE_TIMEOUT_MESSAGE })
  @Max(600_000, { message: STORAGE_TIMEOUT_MESSAGE })
  MEDIA_STORAGE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: UPLOAD_MESSAGE })
  @Min(1024, { message: UPLOAD_MESSAGE })
  @Max(5 * 1024 ** 4, { message: UPLOAD_MESSAGE })
  UPLOAD_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: IN_FLIGHT_MESSAGE })
  @Min(1, { message: IN_FLIGHT_MESSAGE })
  @Max(1_000_000, { message: IN_FLIGHT_MESSAGE })
  UPLOADS_MAX_PER_USER?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: IN_FLIGHT_MESSAGE })
  @Min(1, { message: IN_FLIGHT_MESSAGE })
  @Max(1_000_000, { message: IN_FLIGHT_MESSAGE })
  UPLOADS_MAX_IN_FLIGHT?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  IMPORT_ALLOW_PRIVATE_NETWORKS?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(1000, { message: TIMEOUT_MESSAGE })
  @Max(MAX_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  IMPORT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a directory of ladder preset JSON files' })
  LADDER_PRESETS_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number from 1 to 16' })
  @Min(1, { message: 'must be a whole number from 1 to 16' })
  @Max(16, { message: 'must be a whole number from 1 to 16' })
  TRANSCODE_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(1000, { message: TIMEOUT_MESSAGE })
  @Max(MAX_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  TRANSCODE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(1000, { message: TIMEOUT_MESSAGE })
  @Max(MAX_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  TRANSCODE_STALL_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number from 0 to 20' })
  @Min(0, { message: 'must be a whole number from 0 to 20' })
  @Max(20, { message: 'must be a whole number from 0 to 20' })
  TRANSCODE_RETRY_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(1000, { message: TIMEOUT_MESSAGE })
  @Max(MAX_TIMEOUT_MS, { message: TIMEOUT_MESSAGE })
  TRANSCODE_RETRY_DELAY_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number from 0 (normal) to 19 (lowest priority)' })
  @Min(0, { message: 'must be a whole number from 0 (normal) to 19 (lowest priority)' })
  @Max(19, { message: 'must be a whole number from 0 (normal) to 19 (lowest priority)' })
  TRANSCODE_NICE?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  PLAYOUT_ENABLED?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds from 200 to 10000' })
  @Min(200, { message: 'must be a whole number of milliseconds from 200 to 10000' })
  @Max(10000, { message: 'must be a whole number of milliseconds from 200 to 10000' })
  PLAYOUT_TICK_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds from 12 to 600' })
  @Min(12, { message: 'must be a whole number of seconds from 12 to 600' })
  @Max(600, { message: 'must be a whole number of seconds from 12 to 600' })
  PLAYOUT_LOOKAHEAD_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number from 6 to 30' })
  @Min(6, { message: 'must be a whole number from 6 to 30' })
  @Max(30, { message: 'must be a whole number from 6 to 30' })
  PLAYOUT_WINDOW_SEGMENTS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  DEMO_DATA?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: INGEST_PORT_MESSAGE })
  @Min(0, { message: INGEST_PORT_MESSAGE })
  @Max(65535, { message: INGEST_PORT_MESSAGE })
  RTMP_PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: INGEST_PORT_MESSAGE })
  @Min(0, { message: INGEST_PORT_MESSAGE })
  @Max(65535, { message: INGEST_PORT_MESSAGE })
  ICECAST_PORT?: number;

  @IsOptional()
  @Matches(SRT_PORTS_PATTERN, { message: SRT_PORTS_MESSAGE })
  SRT_PORTS?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a host name or IP address to listen on for studios' })
  INGEST_HOST?: string;

  @IsOptional()
  @Matches(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$/, {
    message:
      'must be the host name (or IP address) studios reach, without scheme or port, e.g. live.pekalongankota.go.id',
  })
  INGEST_PUBLIC_HOST?: string;

  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, {
    message: 'must be 32 random bytes written as 64 hexadecimal digits; generate one with: openssl rand -hex 32',
  })
  LIVE_SECRETS_KEY?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  RELAY_ALLOW_PRIVATE_NETWORKS?: boolean;

  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: FALLBACK_MESSAGE })
  @Min(1, { message: FALLBACK_MESSAGE })
  @Max(10, { message: FALLBACK_MESSAGE })
  LIVE_FALLBACK_SEGMENTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of segments from 1 to 20' })
  @Min(1, { message: 'must be a whole number of segments from 1 to 20' })
  @Max(20, { message: 'must be a whole number of segments from 1 to 20' })
  LIVE_RETURN_SEGMENTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds from 1 to 3600' })
  LIVE_SILENCE_SECONDS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: BOOL_MESSAGE })
  EMERGENCY_TWO_PERSON?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of an espeak-ng executable' })
  ESPEAK_PATH?: string;
}

export interface EnvDescription {
  name: keyof EnvVars;
  default: string;
  meaning: string;
}

export const ENV_DESCRIPTIONS: readonly EnvDescription[] = [
  { name: 'PORT', default: '3000', meaning: 'HTTP port of the API (and of the all-in-one process).' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'Address the HTTP server listens on.' },
  {
    name: 'FRAME_ANCESTORS',
    default: '(none)',
    meaning:
      "Comma-separated origins whose pages may embed the web player in a frame, e.g. https://pekalongankota.go.id. Unset: only this server's own pages may.",
  },
  {
    name: 'METRICS_TOKEN',
    default: '(none)',
    meaning:
      'When set, /metrics, the details of /health/ready and the not-public channels of /health/streams need the header Authorization: Bearer <METRICS_TOKEN> (Prometheus: bearer_token). Unset: /metrics is open, for a port that only the monitoring host reaches.',
  },
  {
    name: 'SSE_MAX_PER_ADDRESS',
    default: '20',
    meaning:
      'Event streams (now-playing events, transcode progress) one client address may hold open; one more is answered 429 TOO_MANY_STREAMS.',
  },
  {
    name: 'SSE_MAX_STREAMS',
    default: '10000',
    meaning: 'Event streams the process holds open in all; one more is answered 503 STREAMS_FULL.',
  },
  {
    name: 'TRUSTED_PROXIES',
    default: '(none)',
    meaning:
      "Comma-separated addresses or CIDR ranges of the reverse proxies in front of the API, e.g. 127.0.0.1,10.0.0.0/8. X-Forwarded-For is believed only from these; unset, the client address is always the connection's.",
  },
  {
    name: 'DATA_DIR',
    default: './var',
    meaning: 'Where the embedded PostgreSQL and S3 keep their data; kept across restarts.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'fatal, error, warn, info, debug, trace or silent.',
  },
  {
    name: 'LOG_FORMAT',
    default: 'auto',
    meaning:
      'auto: readable lines when standard output is a terminal, JSON lines (pino) otherwise; pretty or json to choose.',
  },
  {
    name: 'PUBLIC_BASE_URL',
    default: 'http://localhost:$PORT',
    meaning: 'Base URL the public sees; used in M3U, XMLTV and playlist links.',
  },
  {
    name: 'DATABASE_URL',
    default: '(embedded)',
    meaning: 'PostgreSQL to use. Unset: an embedded PostgreSQL 18 under DATA_DIR/postgres.',
  },
  {
    name: 'EMBEDDED_POSTGRES_PORT',
    default: '54329',
    meaning: 'Port of the embedded PostgreSQL (127.0.0.1 only); away from a system PostgreSQL on 5432.',
  },
  {
    name: 'S3_ENDPOINT',
    default: '(embedded)',
    meaning: 'S3/MinIO endpoint, host[:port] or http(s)://host[:port]. Unset: an embedded S3 server under DATA_DIR/s3.',
  },
  {
    name: 'S3_ACCESS_KEY',
    default: '(embedded: generated into DATA_DIR)',
    meaning: 'S3 access key; required with S3_ENDPOINT.',
  },
  {
    name: 'S3_SECRET_KEY',
    default: '(embedded: generated into DATA_DIR)',
    meaning: 'S3 secret key; required with S3_ENDPOINT.',
  },
  {
    name: 'S3_BUCKET',
    default: 'siaran',
    meaning: 'Bucket holding uploads, HLS segments and playlists; created at boot when missing.',
  },
  { name: 'S3_REGION', default: 'us-east-1', meaning: 'S3 region.' },
  { name: 'S3_USE_SSL', default: 'false (true for https:// endpoints)', meaning: 'Use TLS to reach S3_ENDPOINT.' },
  { name: 'EMBEDDED_S3_PORT', default: '0 (a free port)', meaning: 'Port of the embedded S3 server on 127.0.0.1.' },
  {
    name: 'STORAGE_READ_TIMEOUT_MS',
    default: '5000',
    meaning:
      'A read from object storage that is not answered, or whose body stops arriving, for this long fails: segment and VOD requests then answer 503 STORAGE_UNAVAILABLE instead of hanging.',
  },
  {
    name: 'FFMPEG_PATH',
    default: '(PATH, then npm fallback)',
    meaning: 'ffmpeg executable. Unset: ffmpeg on the PATH, else the one shipped by @ffmpeg-installer/ffmpeg.',
  },
  { name: 'FFPROBE_PATH', default: '(PATH, then npm fallback)', meaning: 'ffprobe executable, found the same way.' },
  { name: 'WORKER_PORT', default: '3001', meaning: 'Health and metrics port of a worker run as its own process.' },
  {
    name: 'JSON_BODY_LIMIT_BYTES',
    default: '16384',
    meaning:
      'Largest JSON request body of an endpoint that sets no smaller limit of its own (login takes 2 KiB); larger ones get 413 BODY_TOO_LARGE.',
  },
  {
    name: 'HTTP_BODY_IDLE_TIMEOUT_SECONDS',
    default: '60',
    meaning:
      'A request body (an upload) of which no byte arrives for this long is cut off with 408 REQUEST_TIMEOUT; an upload that keeps progressing may take as long as it needs.',
  },
  {
    name: 'HTTP_BODY_TIMEOUT_SECONDS',
    default: '30',
    meaning:
      'A JSON body must have arrived whole within this, else 408 REQUEST_TIMEOUT; multipart uploads have only the idle limit.',
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    meaning: 'How long a graceful shutdown may take before the process exits anyway.',
  },
  {
    name: 'MIGRATIONS_RUN',
    default: 'true',
    meaning: 'Run database migrations at boot of the API and the all-in-one.',
  },
  {
    name: 'ADMIN_EMAIL',
    default: 'admin@siaran.local',
    meaning: 'E-mail of the first admin, created at boot when the database has no users. Ignored once users exist.',
  },
  {
    name: 'ADMIN_PASSWORD',
    default: '(random, printed once)',
    meaning:
      'Password of that first admin: 10 to 200 characters, at least 5 different ones, not only spaces, not a common password. Unset: a random one is generated and printed once on stderr at boot.',
  },
  {
    name: 'AUTH_TOKEN_TTL_HOURS',
    default: '12',
    meaning: 'Lifetime of a login token (bearer token), in hours, from 1 to 720.',
  },
  {
    name: 'LOGIN_ATTEMPTS_PER_MINUTE',
    default: '10',
    meaning: 'Logins one client address may try in a minute; more are answered 429 TOO_MANY_REQUESTS with Retry-After.',
  },
  {
    name: 'LOGIN_LOCKOUT_FAILURES',
    default: '10',
    meaning:
      'Wrong passwords in a row, from any addresses, after which an account refuses logins for LOGIN_LOCKOUT_SECONDS (429 ACCOUNT_LOCKED).',
  },
  {
    name: 'LOGIN_LOCKOUT_SECONDS',
    default: '900 (15 min)',
    meaning: 'How long an account stays locked after LOGIN_LOCKOUT_FAILURES wrong passwords.',
  },
  {
    name: 'PUBLIC_MEDIA_BASE_URL',
    default: '(the API serves media)',
    meaning:
      'Public URL of the bucket or of a CDN in front of it; segment URLs in playlists become PUBLIC_MEDIA_BASE_URL/<key>. Unset: the API streams them at /media/<key>.',
  },
  {
    name: 'MEDIA_CACHE_BYTES',
    default: '268435456 (256 MiB)',
    meaning:
      'Memory the API keeps for recently served segments at /media/<key>, least recently used out; a segment is read from storage once however many viewers ask for it.',
  },
  {
    name: 'MEDIA_STORAGE_TIMEOUT_MS',
    default: '10000 (10 s)',
    meaning:
      'Longest the API waits for object storage to deliver a segment at /media/<key>; every viewer waiting for it then gets 503 STORAGE_UNAVAILABLE.',
  },
  {
    name: 'UPLOAD_MAX_BYTES',
    default: '8589934592 (8 GiB)',
    meaning: 'Largest upload or import; larger ones are stopped and answered 413 UPLOAD_TOO_LARGE.',
  },
  {
    name: 'UPLOADS_MAX_PER_USER',
    default: '3',
    meaning:
      'Uploads one user may have in flight at once; one more is answered 429 TOO_MANY_UPLOADS before its body is read.',
  },
  {
    name: 'UPLOADS_MAX_IN_FLIGHT',
    default: '20',
    meaning:
      'Uploads the process takes at once from everybody; one more is answered 503 UPLOADS_FULL before its body is read.',
  },
  {
    name: 'IMPORT_ALLOW_PRIVATE_NETWORKS',
    default: 'false',
    meaning:
      'Let imports from URL reach loopback and private addresses (refused by default so an import cannot probe the internal network).',
  },
  {
    name: 'IMPORT_TIMEOUT_MS',
    default: '3600000 (1 h)',
    meaning: 'Longest an import from URL may take, download included; it then fails with IMPORT_FAILED.',
  },
  {
    name: 'LADDER_PRESETS_DIR',
    default: '(none)',
    meaning:
      'Directory of extra ladder preset JSON files; a file named like a built-in one (config/ladders/tv-default.json) replaces it.',
  },
  {
    name: 'TRANSCODE_CONCURRENCY',
    default: '1',
    meaning: 'Transcodes a worker runs at once (each one is one ffmpeg process using every core).',
  },
  {
    name: 'TRANSCODE_TIMEOUT_MS',
    default: '21600000 (6 h)',
    meaning: 'Longest a transcode may run; ffmpeg is then killed and the job fails.',
  },
  {
    name: 'TRANSCODE_STALL_TIMEOUT_MS',
    default: '120000',
    meaning: 'ffmpeg reporting no progress for this long is taken as hung and killed.',
  },
  {
    name: 'TRANSCODE_RETRY_LIMIT',
    default: '5',
    meaning:
      'Retries of a transcode after a transient failure (storage unreachable, worker lost); bad media is never retried.',
  },
  {
    name: 'TRANSCODE_RETRY_DELAY_MS',
    default: '30000',
    meaning: 'Delay before the first retry; each further retry waits about twice as long.',
  },
  {
    name: 'TRANSCODE_NICE',
    default: '10',
    meaning: 'CPU niceness of transcoding ffmpeg processes, so live encoders keep priority.',
  },
  {
    name: 'PLAYOUT_ENABLED',
    default: 'true',
    meaning: 'Run channel playout in the worker (keeps every channel on air).',
  },
  {
    name: 'PLAYOUT_TICK_MS',
    default: '2000',
    meaning: 'How often the worker extends channel timelines and looks for schedule changes.',
  },
  {
    name: 'PLAYOUT_LOOKAHEAD_SECONDS',
    default: '30',
    meaning:
      'How far ahead of real time timelines are planned; schedule edits take effect after what was already given to players.',
  },
  {
    name: 'PLAYOUT_WINDOW_SEGMENTS',
    default: '8',
    meaning: 'Segments listed in a live media playlist (at least 6, and 3 target durations).',
  },
  {
    name: 'DEMO_DATA',
    default: 'true',
    meaning: 'The all-in-one loads demo stations, channels and a weekly grid into a database without stations.',
  },
  {
    name: 'RTMP_PORT',
    default: '1935',
    meaning: 'Port of the RTMP ingest (OBS, vMix, hardware encoders) in the worker; 0 turns RTMP off.',
  },
  {
    name: 'ICECAST_PORT',
    default: '8000',
    meaning: 'Port of the Icecast source ingest (BUTT, Mixxx, RadioDJ, Liquidsoap) in the worker; 0 turns it off.',
  },
  {
    name: 'SRT_PORTS',
    default: '10000-10099',
    meaning:
      'UDP ports for SRT inputs, first-last: each SRT input gets one of its own when it is created (so the range bounds how many there can be); 0 or empty turns SRT off.',
  },
  { name: 'INGEST_HOST', default: '0.0.0.0', meaning: 'Address the ingest servers (RTMP, Icecast, SRT) listen on.' },
  {
    name: 'INGEST_PUBLIC_HOST',
    default: "(PUBLIC_BASE_URL's host)",
    meaning:
      "Host name studios connect to, shown in each input's connection details (server URL, SRT URL, Icecast host).",
  },
  {
    name: 'LIVE_SECRETS_KEY',
    default: '(all-in-one: generated into DATA_DIR)',
    meaning:
      'Key (64 hex digits: openssl rand -hex 32) encrypting live input secrets (stream keys, SRT passphrases, Icecast passwords). Required by the api and worker run on their own, the same in every process; the all-in-one generates DATA_DIR/live-secrets.key when unset and reuses it.',
  },
  {
    name: 'RELAY_ALLOW_PRIVATE_NETWORKS',
    default: 'false',
    meaning:
      'Let relay inputs pull from loopback and private addresses (refused by default, as for imports from URL, so a relay cannot probe the internal network).',
  },
  {
    name: 'LIVE_FALLBACK_SEGMENTS',
    default: '1.5',
    meaning: "A live item's next segment this many segment durations late puts the channel on its filler (1 to 10).",
  },
  {
    name: 'LIVE_RETURN_SEGMENTS',
    default: '2',
    meaning:
      'Good segments in a row a fallen-back live item needs before it airs again (1 to 20): no switch per reconnect.',
  },
  {
    name: 'LIVE_SILENCE_SECONDS',
    default: '30',
    meaning: 'Silence on a live feed longer than this is reported as a stream problem.',
  },
  {
    name: 'EMERGENCY_TWO_PERSON',
    default: 'false',
    meaning: 'An emergency override of every channel of the deployment airs only once a second operator confirmed it.',
  },
  {
    name: 'ESPEAK_PATH',
    default: '(espeak-ng on the PATH, if any)',
    meaning:
      'espeak-ng executable speaking the message of radio bulletins in Bahasa Indonesia. Optional: without it a radio bulletin is the attention tone and silence.',
  },
];
