import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SESSIONS_CHANNEL, SessionCache, type SessionsNotice } from '@liveline/accounts';
import { NoticeListener } from './notice-listener';

/**
 * Feeds the session notices this process hears to the token cache of accounts, which knows
 * nothing of LISTEN: the cache answers from memory only while the listener is connected, and
 * starts over when it connects again (what was announced meanwhile was not heard).
 */
@Injectable()
export class SessionNotices implements OnModuleInit {
  constructor(
    private readonly notices: NoticeListener,
    private readonly cache: SessionCache,
  ) {}

  onModuleInit(): void {
    this.notices.on(SESSIONS_CHANNEL, (payload) => this.cache.forget(JSON.parse(payload) as SessionsNotice));
    this.notices.onReconnect(() => this.cache.clear());
    this.cache.follow(() => this.notices.connected);
  }
}
