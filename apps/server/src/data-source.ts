import 'reflect-metadata';
import { loadEnv, migrationDataSourceOptions } from '@liveline/core';
import { DataSource } from 'typeorm';

// For the TypeORM CLI (npm run migration:run / migration:revert / migration:show): the same
// settings and migrations as the server, with no Nest around them, on DATABASE_DIRECT_URL as
// the server's own migrations are.
export default new DataSource(migrationDataSourceOptions(loadEnv()));
