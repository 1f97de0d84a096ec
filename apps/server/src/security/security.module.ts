import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Env } from '@liveline/core';
import { RateLimitGuard, rateLimits } from './rate-limits';

// Rate limits on sign-in and writes. Security headers are Express middleware (see
// content-security-policy.ts) so that they also cover responses no controller produces.
@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [Env], useFactory: (env: Env) => rateLimits(env) })],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class SecurityModule {}
