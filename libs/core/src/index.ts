export { Env, loadEnv, EnvValidationError } from './config/env';
export { ConfigModule } from './config/config.module';
export { DatabaseModule } from './database/database.module';
export {
  dataSourceOptions,
  migrationDataSourceOptions,
  backendOf,
  MIGRATIONS,
  type Backend,
} from './database/data-source-options';
export { runMigrations } from './database/migrate';
export { getPGliteInstance } from './database/pglite-pool';
export { bigintAsNumber, isUniqueViolation } from './database/column-types';
export { sqlPartOf, withParts, type SqlPart } from './database/sql-part';
export { DomainException, STATUS_OF_KIND } from './errors/domain.exception';
export { HttpExceptionFilter, toErrorBody, errorBody } from './errors/http-exception.filter';
export { validationPipe } from './errors/validation';
export { webAssetsDir } from './web/web-assets-dir';
export { RateCounter, RateCounterModule, type RateCount } from './limits/rate-counter';
export { RATE_WINDOW_MS } from './limits/rate-window';
export { ChunkedBudget, type HitCounter } from './limits/chunked-budget';
export {
  cachePublicly,
  publicReadOf,
  matchesEtag,
  privateByDefault,
  surrogateKey,
  PUBLIC_CACHE_CONTROL,
  EVENTS_CACHE_CONTROL,
  PRIVATE_CACHE_CONTROL,
  type PublicRead,
} from './http/public-cache';
