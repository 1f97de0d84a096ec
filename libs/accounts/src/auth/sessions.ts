import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The channel on which a user's sessions ending (or their role changing) is announced to every process. */
export const SESSIONS_CHANNEL = 'liveline_sessions';

/**
 * Why a user's open sockets must go: their sessions ended, or what they may do changed.
 * `profile_changed` (a new name) closes nothing: it only makes every process forget the user's
 * tokens (SessionCache).
 */
export type SessionsEndReason =
  'logout' | 'disabled' | 'role_changed' | 'password_changed' | 'password_reset' | 'profile_changed';

/**
 * Sent on SESSIONS_CHANNEL: every `/newsroom` socket of `userId` closes, except those on
 * `keepSessionId` (the session that changed its own password), or only those on
 * `sessionId` (a logout ends one session).
 */
export interface SessionsNotice {
  userId: string;
  reason: SessionsEndReason;
  keepSessionId?: string;
  sessionId?: string;
}

// Ends sessions in the caller's transaction and tells every process through pg_notify, which
// PostgreSQL delivers only if that transaction commits: no socket closes for a change rolled back.
@Injectable()
export class Sessions {
  /** Revokes every live session of the user but `keepSessionId`; revoked sessions never come back. */
  async endAll(m: EntityManager, userId: string, reason: SessionsEndReason, keepSessionId?: string): Promise<void> {
    const params: unknown[] = [userId];
    let sql = 'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL';
    if (keepSessionId) {
      params.push(keepSessionId);
      sql += ' AND id <> $2';
    }
    await m.query(sql, params);
    await this.announce(m, { userId, reason, ...(keepSessionId ? { keepSessionId } : {}) });
  }

  async endOne(m: EntityManager, userId: string, sessionId: string): Promise<void> {
    await m.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
    await this.announce(m, { userId, reason: 'logout', sessionId });
  }

  /** Closes the user's sockets without ending sessions (a role change: they reconnect with the new role). */
  async announce(m: EntityManager, notice: SessionsNotice): Promise<void> {
    await m.query('SELECT pg_notify($1, $2)', [SESSIONS_CHANNEL, JSON.stringify(notice)]);
  }
}
