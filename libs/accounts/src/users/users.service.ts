import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { User } from '@liveline/contracts';
import { isUniqueViolation } from '@liveline/core';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccountsException, AccountsExceptionCode } from '../accounts.exception';
import { AuditTrail } from '../audit/audit-trail';
import type { Actor } from '../auth/actor';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionCache } from '../auth/session-cache';
import { Sessions } from '../auth/sessions';
import { toUser, UserEntity } from './user.entity';
import type { CreateUserDto, UpdateUserDto } from './user.dto';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditTrail,
    private readonly sessions: Sessions,
    private readonly cache: SessionCache,
  ) {}

  async create(input: CreateUserDto, actor: Pick<Actor, 'id'> | null): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const user: UserEntity = Object.assign(new UserEntity(), {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash,
      disabled: false,
    });
    try {
      await this.db.transaction(async (m) => {
        await m.insert(UserEntity, user);
        await this.audit.record(m, {
          actorId: actor?.id ?? null,
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          details: { email: user.email, role: user.role },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AccountsException(
          AccountsExceptionCode.EmailTaken,
          `A user with email ${input.email} already exists`,
        );
      throw e;
    }
    return toUser(user);
  }

  async list(): Promise<User[]> {
    const users = await this.db.getRepository(UserEntity).find({ order: { createdAt: 'ASC' } });
    return users.map(toUser);
  }

  async count(): Promise<number> {
    return this.db.getRepository(UserEntity).count();
  }

  async findByEmail(email: string): Promise<User | null> {
    const u = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    return u ? toUser(u) : null;
  }

  async update(id: string, patch: UpdateUserDto, actor: Actor): Promise<User> {
    if (id === actor.id && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
      throw new AccountsException(
        AccountsExceptionCode.CannotChangeSelf,
        'An admin cannot disable or demote their own account',
      );
    }
    const { password, ...fields } = patch;
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);
    const updated = await this.db.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new AccountsException(AccountsExceptionCode.UserNotFound, `No user ${id}`);
      const before = { role: user.role, disabled: user.disabled, name: user.name };
      Object.assign(user, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      if (passwordHash) user.passwordHash = passwordHash;
      await m.save(user);
      // A disable or a reset ends every session for good; enabling again ends them too, so that
      // none from before a disable (even one recorded before sessions were revoked) comes back.
      // A role change keeps them but closes the user's sockets, which reconnect with the new role.
      if (passwordHash) await this.sessions.endAll(m, id, 'password_reset');
      else if (user.disabled !== before.disabled) await this.sessions.endAll(m, id, 'disabled');
      if (user.role !== before.role && !passwordHash)
        await this.sessions.announce(m, { userId: id, reason: 'role_changed' });
      // A new name keeps sessions and sockets; processes that remember the user's token forget it.
      else if (user.name !== before.name && !passwordHash && user.disabled === before.disabled)
        await this.sessions.announce(m, { userId: id, reason: 'profile_changed' });
      const after = { role: user.role, disabled: user.disabled, name: user.name };
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.updated',
        targetType: 'user',
        targetId: id,
        details: { before, after, ...(passwordHash ? { passwordReset: true } : {}) },
      });
      return toUser(user);
    });
    // Other processes forget the user's tokens when the notice reaches them; this one before it answers.
    this.cache.forget({ userId: id });
    return updated;
  }
}
