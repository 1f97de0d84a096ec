import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase()) ? false : value;

// Every setting the service reads, validated once at boot; nothing else reads process.env.
export class Env {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  @IsOptional() @IsString() @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional() @IsString() @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toBool) @IsBoolean()
  SEED_DEMO = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  // Public base URL for canonical links, feeds and oEmbed; derived from the request when unset.
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  // How many recent events per story a reconnecting reader can replay; older `since` gets resync.
  @Transform(toInt) @IsInt() @Min(10) @Max(100000)
  REPLAY_WINDOW = 1000;

  // How long a story's in-memory feed with no subscriber here is kept before it is dropped (it reloads on demand).
  @Transform(toInt) @IsInt() @Min(100) @Max(24 * 3600_000)
  FEED_IDLE_EVICT_MS = 5 * 60_000;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

  // Events one socket may be replayed (subscribe with since) per minute; over it, subscribe is refused (rate_limited).
  @Transform(toInt) @IsInt() @Min(1)
  REPLAY_EVENTS_PER_SOCKET_PER_MINUTE = 20000;

  // A socket whose unsent data stays over this many bytes for SLOW_SOCKET_GRACE_MS is dropped (it stopped reading).
  @Transform(toInt) @IsInt() @Min(1024)
  SLOW_SOCKET_BUFFER_BYTES = 8 * 1024 * 1024;

  @Transform(toInt) @IsInt() @Min(200) @Max(600_000)
  SLOW_SOCKET_GRACE_MS = 10_000;

  @Transform(toInt) @IsInt() @Min(1)
  MAX_SOCKETS_PER_IP = 200;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 365)
  TOKEN_TTL_HOURS = 24 * 14;

  @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  SCHEDULER_INTERVAL_MS = 500;

  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toBool) @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE = 5;

  @Transform(toInt) @IsInt() @Min(1)
  WRITES_PER_MINUTE = 600;

  @IsOptional() @IsString() @MaxLength(64)
  INSTANCE_ID?: string;
}

export class EnvValidationError extends Error {}

export function loadEnv(raw: Record<string, string | undefined> = process.env): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'PUBLIC_URL', 'INSTANCE_ID']) {
    const v = raw[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const env = plainToInstance(Env, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}=${JSON.stringify(picked[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new EnvValidationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
