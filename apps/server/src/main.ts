import 'reflect-metadata';
import { Logger as NestLogger, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AdminBootstrap } from '@liveline/accounts';
import {
  backendOf,
  type Env,
  EnvValidationError,
  HttpExceptionFilter,
  loadEnv,
  matchesEtag,
  privateByDefault,
  runMigrations,
  validationPipe,
} from '@liveline/core';
import { DemoMedia } from '@liveline/media';
import { DemoSeeder } from '@liveline/timeline';
import { Logger } from 'nestjs-pino';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { LiveIoAdapter } from './live/io-adapter';
import { httpMetrics } from './metrics/http-metrics';
import { MetricsService } from './metrics/metrics.service';
import { securityHeaders } from './security/content-security-policy';
import { installReadFastPath } from './read-fast-path/read-fast-path';
import { hardenJsonBody } from './security/json-body';
import { DrainState } from './shutdown/drain-state';
import { GracefulShutdown } from './shutdown/graceful-shutdown';
import { surfaceModules } from './surfaces';

export async function createApp(env: Env, extra: DynamicModule['imports'] = []): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(env, [...surfaceModules(), ...extra]),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.set('trust proxy', env.TRUST_PROXY);
  app.disable('x-powered-by');
  // Strong ETags (a hash of the bytes) on JSON: shared caches revalidate with them, and the read
  // fast path serves the very tag the full pipeline computed once per story state.
  app.set('etag', 'strong');
  answerConditionalsAsAsked(app);
  // Measured and counted from the first byte, before body parsing can refuse anything.
  app.use(httpMetrics(app.get(MetricsService)));
  app.use(app.get(DrainState).middleware());
  // Headers before the body parser, so that its 413 and 400 answers carry them too.
  // helmet per route prefix: strict CSP on pages, framing by anyone only for /embed/*.
  app.use(securityHeaders());
  app.use(privateByDefault);
  // Reads are open to every origin for embeds; writes need a bearer token and no cookie is used.
  app.enableCors({
    origin: '*',
    credentials: false,
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Idempotent-Replayed', 'X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  app.useBodyParser('json', { limit: env.BODY_LIMIT_BYTES });
  app.use(hardenJsonBody);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const drain = app.get(DrainState);
  app.useWebSocketAdapter(new LiveIoAdapter(app, () => drain.draining));

  const doc = new DocumentBuilder()
    .setTitle('Liveline API')
    .setDescription(
      'Live-blog timelines: stories, entries, the event log, accounts. Live delivery is socket.io namespace /live (see CONTRACT.md).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
  });

  // Schema first, then the hooks (LISTEN, scheduler), then the first admin and the demo story.
  await runMigrations(app.get<DataSource>(getDataSourceToken()), env);
  await app.init();
  if (env.READ_FAST_PATH) installReadFastPath(app);
  await app.get(AdminBootstrap).run();
  // The demo chart is media: drawn and stored by libs/media once the timeline's seeder has seeded.
  if (await app.get(DemoSeeder).run()) await app.get(DemoMedia).run();
  return app;
}

// Express's freshness check answers 200 to an If-None-Match that matches when the request also
// says `Cache-Control: no-cache` (as fetch() does for every conditional request). The origin
// should answer the condition (RFC 9110 13.1.2); the pages and the read fast path do, so JSON does too.
function answerConditionalsAsAsked(app: NestExpressApplication): void {
  const request = (app.getHttpAdapter().getInstance() as { request: object }).request;
  Object.defineProperty(request, 'fresh', {
    configurable: true,
    get(this: {
      method: string;
      headers: Record<string, string | undefined>;
      res: { statusCode: number; get(name: string): string | undefined };
    }) {
      const { method, res } = this;
      if (method !== 'GET' && method !== 'HEAD') return false;
      if (!((res.statusCode >= 200 && res.statusCode < 300) || res.statusCode === 304)) return false;
      return matchesEtag(this.headers['if-none-match'], res.get('ETag'));
    },
  });
}

const LISTEN_BACKLOG = 4096;

async function main() {
  let env: Env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof EnvValidationError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const started = Date.now();
  const app = await createApp(env);
  // Our own SIGTERM handling instead of enableShutdownHooks: drain before the hooks close things.
  new GracefulShutdown(app, LiveIoAdapter.of(app), app.get(Logger)).listen();
  // Node's default backlog (511) overflows when thousands of readers reconnect at once (a
  // deploy, a network blip): the kernel then drops SYNs and clients wait 1 s, 3 s to retry.
  // Linux caps it at net.core.somaxconn (4096 by default since 5.4).
  try {
    // The app is initialised already; binding the server ourselves keeps Nest from logging the
    // failure as well, so that it is reported once.
    const http = app.getHttpServer() as Server;
    await new Promise<void>((done, fail) => {
      http.once('error', fail);
      http.listen(env.PORT, env.HOST, LISTEN_BACKLOG, () => {
        http.off('error', fail);
        done();
      });
    });
  } catch (e) {
    // One clear line and a non-zero exit: a process that cannot listen must not linger.
    const err = e as NodeJS.ErrnoException;
    console.error(
      `Cannot listen on ${env.HOST}:${env.PORT}: ${err.code === 'EADDRINUSE' ? 'the address is already in use' : (err.code ?? err.message)}`,
    );
    await Promise.race([app.close().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    process.exit(1);
  }
  const log = new NestLogger('Liveline');
  log.log(
    `Listening on http://${env.HOST}:${env.PORT} (${backendOf(env)}${env.DATABASE_URL ? '' : ` in ${env.DATA_DIR}`}) after ${Date.now() - started} ms`,
  );
}

process.on('unhandledRejection', (reason) =>
  new NestLogger('Process').error(`Unhandled rejection: ${(reason as Error)?.stack ?? reason}`),
);

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`Liveline could not start: ${(e as Error)?.message ?? String(e)}`);
    process.exit(1);
  });
}
