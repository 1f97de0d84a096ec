import { isTimeZone } from '@liveline/contracts';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const BOOLEANS: Record<string, boolean> = {
  1: true,
  true: true,
  yes: true,
  on: true,
  0: false,
  false: false,
  no: false,
  off: false,
};
// Anything else stays as it is, so IsBoolean names the variable in its message.
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return BOOLEANS[String(value).toLowerCase()] ?? value;
};

// Every setting the service reads, validated once at boot; nothing else reads process.env.
export class Env {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  // PostgreSQL itself when DATABASE_URL goes through a transaction pooler (PgBouncer): it carries
  // what needs a session (LISTEN, migrations and their advisory lock). Defaults to DATABASE_URL.
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_DIRECT_URL must be a postgres:// URL' })
  DATABASE_DIRECT_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  // Embedded mode has one connection: a request that waits longer than this for it gets a 503.
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_ACQUIRE_TIMEOUT_MS = 30000;

  @IsOptional()
  @IsString()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  // Public base URL for canonical links, feeds and oEmbed; set it in production. Unset, the
  // request's Host is used when it is one of ALLOWED_HOSTS.
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  // Host names (any port) whose Host header may shape absolute URLs when PUBLIC_URL is unset;
  // comma-separated, `.example.com` for a domain and its subdomains.
  @IsString()
  @Matches(/^[a-z0-9.\-[\]:, ]*$/i, { message: 'ALLOWED_HOSTS must be comma-separated host names' })
  ALLOWED_HOSTS = 'localhost,127.0.0.1,[::1]';

  // When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  // How many recent events per story a reconnecting reader can replay; older `since` gets resync.
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(100000)
  REPLAY_WINDOW = 1000;

  // How long a story's in-memory feed with no subscriber here is kept before it is dropped (it reloads on demand).
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(24 * 3600_000)
  FEED_IDLE_EVICT_MS = 5 * 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

  // Events one socket may be replayed (subscribe with since) per minute; over it, subscribe is refused (rate_limited).
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REPLAY_EVENTS_PER_SOCKET_PER_MINUTE = 20000;

  // A socket whose unsent data stays over this many bytes for SLOW_SOCKET_GRACE_MS is dropped (it stopped reading).
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  SLOW_SOCKET_BUFFER_BYTES = 8 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(600_000)
  SLOW_SOCKET_GRACE_MS = 10_000;

  // Concurrent /live sockets per client address on one process; 0 is no cap, since thousands of
  // readers may share one carrier-grade NAT address. SOCKET_CONNECTS_PER_MINUTE and MAX_SOCKETS
  // stand against floods instead.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  MAX_SOCKETS_PER_IP = 0;

  // Concurrent /newsroom sockets per client address and per user on one process (0: none).
  @Transform(toInt)
  @IsInt()
  @Min(0)
  NEWSROOM_SOCKETS_PER_IP = 200;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  NEWSROOM_SOCKETS_PER_USER = 20;

  // Socket connection attempts per client address a minute, all processes together: enough for
  // 2,000 readers behind one address to reconnect at once, a few times, after a restart.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_CONNECTS_PER_MINUTE = 10000;

  // Open sockets on one process, all namespaces.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAX_SOCKETS = 20000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  TOKEN_TTL_HOURS = 24 * 14;

  // How long a process may answer a token from memory instead of the database (0: never).
  // Ending a session or changing a user clears it on every process through the session notices,
  // and nothing is answered from memory while this process is not hearing them.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  SESSION_CACHE_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  SCHEDULER_INTERVAL_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WRITES_PER_MINUTE = 600;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  INSTANCE_ID?: string;

  // Hot anonymous public reads answered from bytes prepared once per story state, ahead of Express.
  @Transform(toBool)
  @IsBoolean()
  READ_FAST_PATH = true;
  // Time zone of stories created without one (IANA name).
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: isTimeZone,
      defaultMessage: () => 'DEFAULT_TIME_ZONE must be an IANA time zone such as Europe/Kyiv or UTC',
    },
  })
  DEFAULT_TIME_ZONE = 'UTC';

  // Media (libs/media): upload limits, processing and where the renditions are stored.
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  MEDIA_MAX_BYTES = 25 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500_000_000)
  MEDIA_MAX_PIXELS = 50_000_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  MEDIA_ORPHAN_DAYS = 7;

  // Uploads processed at once per process; sharp's own threads per job are MEDIA_SHARP_THREADS.
  // How often the janitor looks for uploads no entry uses (MEDIA_ORPHAN_DAYS old).
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(7 * 24 * 3600 * 1000)
  MEDIA_JANITOR_INTERVAL_MS = 3600 * 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  MEDIA_PROCESSING_CONCURRENCY = 1;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  MEDIA_SHARP_THREADS = 1;

  // Set MEDIA_S3_BUCKET to keep renditions in an S3-compatible store instead of the database.
  @IsOptional()
  @IsString()
  @MaxLength(255)
  MEDIA_S3_BUCKET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^/]+/, { message: 'MEDIA_S3_ENDPOINT must be an http(s) URL' })
  MEDIA_S3_ENDPOINT?: string;

  @IsString()
  MEDIA_S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  MEDIA_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  MEDIA_S3_SECRET_ACCESS_KEY?: string;

  @Transform(toBool)
  @IsBoolean()
  MEDIA_S3_FORCE_PATH_STYLE = false;
  // Embed previews ask the platforms' oEmbed endpoints (through libs/outbound); false never reaches out.
  @Transform(toBool)
  @IsBoolean()
  EMBED_OEMBED = true;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(30000)
  EMBED_OEMBED_TIMEOUT_MS = 4000;
  // Webhooks: private, loopback and link-local targets are refused unless this is set (tests, intranets).
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  // A webhook failing this long (seconds) is paused with the reason shown to the newsroom.
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_PAUSE_AFTER = 3 * 24 * 3600;

  // Longest wait between two attempts of one delivery; the first retry comes within a second or two.
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  WEBHOOK_RETRY_MAX_MS = 300000;

  // Whole request (connect, send, response) per delivery attempt.
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(120000)
  WEBHOOK_TIMEOUT_MS = 10000;

  // How long a process holds a (webhook, story) it delivers without renewing; after a crash the
  // next process takes over when it ends. At least WEBHOOK_TIMEOUT_MS + 5 s.
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  WEBHOOK_LEASE_MS = 60000;

  // Stories delivered at once by this process (each (webhook, story) stays one at a time, in order).
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  WEBHOOK_CONCURRENCY = 8;

  // How often this process looks for due deliveries besides the NOTIFY wake-up.
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  WEBHOOK_POLL_MS = 1000;
}

export class EnvValidationError extends Error {}

export function loadEnv(raw: Record<string, string | undefined> = process.env): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'DATABASE_DIRECT_URL',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'PUBLIC_URL',
    'INSTANCE_ID',
    'METRICS_TOKEN',
    'MEDIA_S3_BUCKET',
    'MEDIA_S3_ENDPOINT',
    'MEDIA_S3_ACCESS_KEY_ID',
    'MEDIA_S3_SECRET_ACCESS_KEY',
  ]) {
    const v = raw[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const env = plainToInstance(Env, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length) {
    const lines = errors.map(
      (e) => `${e.property}=${JSON.stringify(picked[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new EnvValidationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (env.DATABASE_DIRECT_URL && !env.DATABASE_URL) {
    throw new EnvValidationError(
      'Invalid configuration:\n  DATABASE_DIRECT_URL is set but DATABASE_URL is not: set both, or neither for PGlite',
    );
  }
  env.DATABASE_DIRECT_URL ??= env.DATABASE_URL;
  return env;
}
