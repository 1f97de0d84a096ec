import { Injectable } from '@nestjs/common';
import { Env } from '@liveline/core';

const WINDOW_MS = 60_000;
const MAX_KEYS = 100_000;

// Counts failed logins per (account, IP) over a sliding minute; success clears the count.
@Injectable()
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly env: Env) {}

  retryAfterSeconds(email: string, ip: string, now = Date.now()): number {
    const recent = this.recent(this.key(email, ip), now);
    if (recent.length < this.env.LOGIN_ATTEMPTS_PER_MINUTE) return 0;
    return Math.ceil((recent[0] + WINDOW_MS - now) / 1000);
  }

  fail(email: string, ip: string, now = Date.now()): void {
    const key = this.key(email, ip);
    const recent = this.recent(key, now);
    recent.push(now);
    if (this.failures.size >= MAX_KEYS && !this.failures.has(key)) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, recent);
  }

  succeed(email: string, ip: string): void {
    this.failures.delete(this.key(email, ip));
  }

  private key(email: string, ip: string) {
    return `${email.toLowerCase()}\u0000${ip}`;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  }
}
