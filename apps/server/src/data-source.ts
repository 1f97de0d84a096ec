import 'reflect-metadata';
import { dataSourceOptions, loadEnv } from '@liveline/core';
import { DataSource } from 'typeorm';

// For the TypeORM CLI (npm run migration:run / migration:revert / migration:show): the same
// settings and migrations as the server, with no Nest around them.
export default new DataSource(dataSourceOptions(loadEnv()));
