export { AccountsModule } from './accounts.module';
export { AccountsException, AccountsExceptionCode } from './accounts.exception';
export { AuthService } from './auth/auth.service';
export { RequireRole, OptionalAuth, CurrentActor, bearerToken } from './auth/auth.guard';
export type { Actor } from './auth/actor';
export { UsersService } from './users/users.service';
export { AuditTrail, type AuditRecord } from './audit/audit-trail';
export { UserEntity } from './users/user.entity';
export { AdminBootstrap } from './users/admin-bootstrap';
