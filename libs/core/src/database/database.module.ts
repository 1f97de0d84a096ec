import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Env } from '../config/env';
import { dataSourceOptions } from './data-source-options';
import { lockDataDir } from './data-dir-lock';
import { seedFromTemplate } from './pglite-startup';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Env],
      useFactory: async (env: Env) => {
        if (!env.DATABASE_URL) {
          // One process per embedded cluster; then a first start opens the cluster `npm run
          // build` made instead of running initdb.
          await lockDataDir(resolve(env.DATA_DIR));
          seedFromTemplate(resolve(env.DATA_DIR));
        }
        return { ...dataSourceOptions(env), autoLoadEntities: true, retryAttempts: 3, retryDelay: 1000 };
      },
    }),
  ],
})
export class DatabaseModule {}
