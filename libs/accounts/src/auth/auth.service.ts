import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResult } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccountsException, AccountsExceptionCode } from '../accounts.exception';
import { toUser, UserEntity } from '../users/user.entity';
import type { Actor } from './actor';
import { LoginLimiter } from './login-limiter';
import { AuditTrail } from '../audit/audit-trail';
import { PasswordHasher } from './password-hasher';
import { SessionEntity } from './session.entity';
import { SessionCache } from './session-cache';
import { Sessions } from './sessions';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Opaque bearer tokens stored hashed: revoking a session or disabling a user ends them at once.
@Injectable()
export class AuthService {
  // A fixed hash to verify against for unknown emails, so timing does not reveal which exist.
  private readonly decoyHash: Promise<string>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginLimiter,
    private readonly env: Env,
    private readonly sessions: Sessions,
    private readonly audit: AuditTrail,
    private readonly cache: SessionCache,
  ) {
    this.decoyHash = hasher.hash(randomBytes(16).toString('hex'));
  }

  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    const wait = await this.limiter.retryAfterSeconds(email, ip);
    if (wait > 0)
      throw new AccountsException(
        AccountsExceptionCode.TooManyAttempts,
        `Too many failed sign-ins; try again in ${wait} s`,
        { retryAfter: wait },
      );
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    const ok = await this.hasher.verify(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !ok || user.disabled) {
      await this.limiter.fail(email, ip);
      throw new AccountsException(AccountsExceptionCode.InvalidCredentials, 'Wrong email or password');
    }
    await this.limiter.succeed(email, ip);
    const token = randomBytes(32).toString('base64url');
    await this.db.getRepository(SessionEntity).insert({
      id: randomUUID(),
      userId: user.id,
      tokenHash: sha256(token),
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + this.env.TOKEN_TTL_HOURS * 3600_000),
      revokedAt: null,
    });
    return { token, user: toUser(user) };
  }

  async authenticate(token: string): Promise<Actor> {
    const hash = sha256(token);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const ticket = this.cache.ticket();
    const row = await this.db
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .innerJoin(UserEntity, 'u', 'u.id = s.user_id')
      .select([
        's.id AS session_id',
        's.expires_at AS expires_at',
        'u.id AS id',
        'u.email AS email',
        'u.name AS name',
        'u.role AS role',
      ])
      .where('s.token_hash = :h AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled', { h: hash })
      .getRawOne<{
        session_id: string;
        expires_at: Date | string;
        id: string;
        email: string;
        name: string;
        role: Actor['role'];
      }>();
    if (!row) throw new AccountsException(AccountsExceptionCode.InvalidToken, 'Invalid, expired or revoked token');
    const actor: Actor = { id: row.id, email: row.email, name: row.name, role: row.role, sessionId: row.session_id };
    this.cache.put(hash, actor, new Date(row.expires_at), ticket);
    return actor;
  }

  async logout(actor: Actor): Promise<void> {
    await this.db.transaction((m) => this.sessions.endOne(m, actor.id, actor.sessionId));
    // Other processes forget it when the notice reaches them; this one before it answers.
    this.cache.forget({ userId: actor.id, sessionId: actor.sessionId });
  }

  /**
   * Changes one's own password: a wrong `current` is 403 and counts as a failed sign-in of
   * that account; on success every other session of the user ends (this one stays).
   */
  async changePassword(actor: Actor, current: string, next: string, ip: string): Promise<void> {
    const wait = await this.limiter.retryAfterSeconds(actor.email, ip);
    if (wait > 0)
      throw new AccountsException(
        AccountsExceptionCode.TooManyAttempts,
        `Too many failed attempts; try again in ${wait} s`,
        { retryAfter: wait },
      );
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: actor.id });
    if (!user || !(await this.hasher.verify(user.passwordHash, current))) {
      await this.limiter.fail(actor.email, ip);
      throw new AccountsException(AccountsExceptionCode.WrongPassword, 'The current password is wrong');
    }
    const passwordHash = await this.hasher.hash(next);
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, { id: actor.id }, { passwordHash });
      await this.sessions.endAll(m, actor.id, 'password_changed', actor.sessionId);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.password_changed',
        targetType: 'user',
        targetId: actor.id,
      });
    });
    this.cache.forget({ userId: actor.id });
  }
}
