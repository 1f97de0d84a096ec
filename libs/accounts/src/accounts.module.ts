import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit/audit.controller';
import { AuditEntity } from './audit/audit.entity';
import { AuditTrail } from './audit/audit-trail';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { LoginLimiter } from './auth/login-limiter';
import { PasswordHasher } from './auth/password-hasher';
import { SessionEntity } from './auth/session.entity';
import { SessionCache } from './auth/session-cache';
import { Sessions } from './auth/sessions';
import { AdminBootstrap } from './users/admin-bootstrap';
import { UserEntity } from './users/user.entity';
import { AuthController, UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity, AuditEntity])],
  controllers: [AuthController, UsersController, AuditController],
  providers: [
    PasswordHasher,
    LoginLimiter,
    Sessions,
    SessionCache,
    AuthService,
    UsersService,
    AuditTrail,
    AdminBootstrap,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, SessionCache, UsersService, AuditTrail, AdminBootstrap],
})
export class AccountsModule {}
