import { Injectable, Logger } from '@nestjs/common';
import { Env } from '@liveline/core';
import { randomBytes } from 'node:crypto';
import { UsersService } from './users.service';

const GENERATED_ADMIN_EMAIL = 'admin@liveline.local';

// ADMIN_EMAIL/ADMIN_PASSWORD create that admin once; with neither and no users at all, a
// generated password is printed once so a newcomer can sign in.
@Injectable()
export class AdminBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly env: Env,
    private readonly users: UsersService,
  ) {}

  async run(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.env;
    if (email && password) {
      if (await this.users.findByEmail(email)) return;
      await this.createIgnoringRace(email, password);
      this.logger.log(`Created admin ${email}`);
      return;
    }
    if (email || password) {
      this.logger.warn('Set both ADMIN_EMAIL and ADMIN_PASSWORD to bootstrap an admin; ignoring the one given');
    }
    if ((await this.users.count()) > 0) return;
    const generated = randomBytes(12).toString('base64url');
    await this.createIgnoringRace(GENERATED_ADMIN_EMAIL, generated);
    this.logger.warn(
      `No users yet: created admin ${GENERATED_ADMIN_EMAIL} with password ${generated} (shown once; change it or set ADMIN_EMAIL/ADMIN_PASSWORD)`,
    );
  }

  // Two processes starting together on one PostgreSQL may both try; the unique email decides.
  private async createIgnoringRace(email: string, password: string) {
    try {
      await this.users.create({ email, password, name: 'Administrator', role: 'admin' }, null);
    } catch (e) {
      if ((e as { code?: string }).code !== 'email_taken') throw e;
    }
  }
}
