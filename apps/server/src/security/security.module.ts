import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '@liveline/accounts';
import { RateLimitGuard } from './rate-limits';

// Rate limits on writes (sign-ins: LoginLimiter in accounts). Security headers are Express
// middleware (see content-security-policy.ts) so that they also cover responses no controller produces.
@Module({
  imports: [AccountsModule],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class SecurityModule {}
