import { isTimeZone } from '@liveline/contracts';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, validateSync } from 'class-validator';

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

  // Public base URL for canonical links, feeds and oEmbed; set it in production. Unset, the
  // request's Host is used when it is one of ALLOWED_HOSTS.
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  // Host names (any port) whose Host header may shape absolute URLs when PUBLIC_URL is unset;
  // comma-separated, `.example.com` for a domain and its subdomains.
  @IsString() @Matches(/^[a-z0-9.\-[\]:, ]*$/i, { message: 'ALLOWED_HOSTS must be comma-separated host names' })
  ALLOWED_HOSTS = 'localhost,127.0.0.1,[::1]';

  // When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.
  @IsOptional() @IsString() @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  // How many recent events per story a reconnecting reader can replay; older `since` gets resync.
  @Transform(toInt) @IsInt() @Min(10) @Max(100000)
  REPLAY_WINDOW = 1000;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

  // Concurrent /live sockets per client address on one process; 0 is no cap, since thousands of
  // readers may share one carrier-grade NAT address. SOCKET_CONNECTS_PER_MINUTE and MAX_SOCKETS
  // stand against floods instead.
  @Transform(toInt) @IsInt() @Min(0)
  MAX_SOCKETS_PER_IP = 0;

  // Concurrent /newsroom sockets per client address and per user on one process (0: none).
  @Transform(toInt) @IsInt() @Min(0)
  NEWSROOM_SOCKETS_PER_IP = 200;

  @Transform(toInt) @IsInt() @Min(0)
  NEWSROOM_SOCKETS_PER_USER = 20;

  // Socket connection attempts per client address a minute, all processes together: enough for
  // 2,000 readers behind one address to reconnect at once, a few times, after a restart.
  @Transform(toInt) @IsInt() @Min(1)
  SOCKET_CONNECTS_PER_MINUTE = 10000;

  // Open sockets on one process, all namespaces.
  @Transform(toInt) @IsInt() @Min(1)
  MAX_SOCKETS = 20000;

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

  // Time zone of stories created without one (IANA name).
  @ValidateBy({ name: 'isTimeZone', validator: { validate: isTimeZone, defaultMessage: () => 'DEFAULT_TIME_ZONE must be an IANA time zone such as Europe/Kyiv or UTC' } })
  DEFAULT_TIME_ZONE = 'UTC';
}

export class EnvValidationError extends Error {}

export function loadEnv(raw: Record<string, string | undefined> = process.env): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'PUBLIC_URL', 'INSTANCE_ID', 'METRICS_TOKEN']) {
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
