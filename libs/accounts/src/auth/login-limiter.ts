import { Injectable } from '@nestjs/common';
import { Env, RateCounter } from '@liveline/core';

// Failed sign-ins one address may make a minute across all accounts, and one account may take
// a minute from all addresses, as multiples of LOGIN_ATTEMPTS_PER_MINUTE. A typo-prone colleague
// spends only the budget of their own account at that address; the address-wide one needs ten
// such colleagues at once, and only failures count, so a newsroom behind one NAT signs in freely.
export const LOGIN_ADDRESS_FACTOR = 10;
export const LOGIN_ACCOUNT_FACTOR = 10;

// Counts failed sign-ins in the database (RateCounter), so every process spends one budget:
// per (account, address), per address, per account, each over a sliding minute. Success clears
// the (account, address) count.
@Injectable()
export class LoginLimiter {
  constructor(
    private readonly env: Env,
    private readonly counter: RateCounter,
  ) {}

  /** Seconds to wait before another attempt, or 0. One query. */
  async retryAfterSeconds(email: string, ip: string): Promise<number> {
    const budgets = this.budgets(email, ip);
    const counts = await this.counter.peek(budgets.map((b) => b.key));
    // Rounded up: the last minute's failures fade out one by one, not all at the window's turn.
    const over = counts.filter((c, i) => Math.ceil(c.count) >= budgets[i].limit);
    return over.length ? Math.max(...over.map((c) => c.retryAfterSeconds)) : 0;
  }

  async fail(email: string, ip: string): Promise<void> {
    await this.counter.hit(this.budgets(email, ip).map((b) => b.key));
  }

  async succeed(email: string, ip: string): Promise<void> {
    await this.counter.clear(this.budgets(email, ip)[0].key);
  }

  private budgets(email: string, ip: string) {
    const account = email.trim().toLowerCase();
    const limit = this.env.LOGIN_ATTEMPTS_PER_MINUTE;
    return [
      { key: `login:${account}\u0000${ip}`, limit },
      { key: `login-ip:${ip}`, limit: limit * LOGIN_ADDRESS_FACTOR },
      { key: `login-account:${account}`, limit: limit * LOGIN_ACCOUNT_FACTOR },
    ];
  }
}
