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
import { toUser, UserEntity } from './user.entity';
import type { CreateUserDto, UpdateUserDto } from './user.dto';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditTrail,
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
        await this.audit.record(m, { actorId: actor?.id ?? null, action: 'user.created', targetType: 'user', targetId: user.id, details: { email: user.email, role: user.role } });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AccountsException(AccountsExceptionCode.EmailTaken, `A user with email ${input.email} already exists`);
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
    const u = await this.db.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
    return u ? toUser(u) : null;
  }

  async update(id: string, patch: UpdateUserDto, actor: Actor): Promise<User> {
    if (id === actor.id && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
      throw new AccountsException(AccountsExceptionCode.CannotChangeSelf, 'An admin cannot disable or demote their own account');
    }
    return this.db.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new AccountsException(AccountsExceptionCode.UserNotFound, `No user ${id}`);
      const before = { role: user.role, disabled: user.disabled, name: user.name };
      Object.assign(user, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
      await m.save(user);
      await this.audit.record(m, { actorId: actor.id, action: 'user.updated', targetType: 'user', targetId: id, details: { before, after: { role: user.role, disabled: user.disabled, name: user.name } } });
      return toUser(user);
    });
  }
}
