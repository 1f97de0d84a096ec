import { Injectable } from '@nestjs/common';
import { Env } from '@liveline/core';
import type { Actor } from './actor';
import type { SessionsNotice } from './sessions';

const MAX_ENTRIES = 10_000;

interface Cached {
  actor: Actor;
  /** Epoch ms: the end of this entry's time in memory, at most the session's own expiry. */
  until: number;
}

/**
 * Tokens this process has looked up lately, so a newsroom that posts every few seconds does not
 * pay a database round trip per request for the same answer.
 *
 * It is only as good as the session notices (SESSIONS_CHANNEL): every session ending, disable,
 * role or password change and rename announces one in its transaction, and `forget` drops that user's
 * entries on every process. So it serves only while `hearing()` says this process hears them
 * (`follow`), and starts over when it hears again (notices sent meanwhile are lost). A lookup
 * that was in flight while a notice arrived is not kept (`generation`): its row may predate it.
 * Within one process the writer calls `forget` itself after its commit, before it answers.
 */
@Injectable()
export class SessionCache {
  private readonly entries = new Map<string, Cached>();
  private readonly ttlMs: number;
  private generation = 0;
  private hearing: () => boolean = () => false;

  constructor(env: Env) {
    this.ttlMs = env.SESSION_CACHE_SECONDS * 1000;
  }

  /** Called by whatever delivers the session notices: the cache serves only while `hearing()` is true. */
  follow(hearing: () => boolean): void {
    this.hearing = hearing;
    this.clear();
  }

  get(tokenHash: string): Actor | undefined {
    if (!this.hearing()) return undefined;
    const hit = this.entries.get(tokenHash);
    if (!hit) return undefined;
    if (Date.now() < hit.until) return hit.actor;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Taken before a lookup, handed to `put` with its result. */
  ticket(): number {
    return this.generation;
  }

  put(tokenHash: string, actor: Actor, expiresAt: Date, ticket: number): void {
    if (this.ttlMs === 0 || ticket !== this.generation || !this.hearing()) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tokenHash, { actor, until: Math.min(Date.now() + this.ttlMs, expiresAt.getTime()) });
  }

  /** A notice (or this process's own commit): the user's sessions, or one of them, changed. */
  forget(notice: Pick<SessionsNotice, 'userId' | 'sessionId'>): void {
    this.generation++;
    for (const [hash, { actor }] of this.entries) {
      if (actor.id === notice.userId && (!notice.sessionId || actor.sessionId === notice.sessionId))
        this.entries.delete(hash);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
