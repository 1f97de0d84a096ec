import type { Role, User } from '@liveline/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('boolean') disabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export function toUser(u: UserEntity): User {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled };
}
