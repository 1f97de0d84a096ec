import type { OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { AuthService, bearerToken, SESSIONS_CHANNEL, type Actor, type SessionsNotice } from '@liveline/accounts';
import { ErrorCode } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { NEWSROOM_CHANNEL, TimelineReader, type NewsroomNotice } from '@liveline/timeline';
import type { Namespace, Socket } from 'socket.io';
import { NoticeListener } from '../delivery/notice-listener';
import { ConnectionLimiter } from '../gateway/connection-limiter';
import { parsePayload, UnsubscribeDto } from '../gateway/subscribe.dto';
import { LiveException, LiveExceptionCode, toAckError } from '../live.exception';

export const NEWSROOM_NAMESPACE = '/newsroom';

// Newsroom-only changes (drafts, submissions, schedules) for editors' screens. Signed in
// with the bearer token in the handshake; best effort, since the app refetches on each notice.
@WebSocketGateway({ namespace: NEWSROOM_NAMESPACE })
export class NewsroomGateway implements OnGatewayInit, OnModuleInit {
  @WebSocketServer() private readonly nsp: Namespace;

  constructor(
    private readonly auth: AuthService,
    private readonly reader: TimelineReader,
    private readonly notices: NoticeListener,
    private readonly limiter: ConnectionLimiter,
    private readonly env: Env,
  ) {}

  onModuleInit(): void {
    this.notices.on(NEWSROOM_CHANNEL, (payload) => {
      const n = JSON.parse(payload) as NewsroomNotice;
      const room = `nr:${n.storyId}`;
      if (n.entryId)
        this.nsp
          ?.to(room)
          .emit('entry.changed', { storyId: n.storyId, entryId: n.entryId, version: n.version, status: n.status });
      else this.nsp?.to(room).emit('story.changed', { storyId: n.storyId });
      this.nsp?.to('nr:*').emit('story.changed', { storyId: n.storyId });
    });
    this.notices.on(SESSIONS_CHANNEL, (payload) => this.endSessions(JSON.parse(payload) as SessionsNotice));
  }

  /** Closes this process's sockets of a user whose sessions ended or whose role changed. */
  private endSessions(n: SessionsNotice): void {
    if (n.reason === 'profile_changed') return;
    for (const socket of this.nsp?.sockets.values() ?? []) {
      const actor = socket.data.actor as Actor | undefined;
      if (actor?.id !== n.userId) continue;
      if (n.sessionId && actor.sessionId !== n.sessionId) continue;
      if (n.keepSessionId && actor.sessionId === n.keepSessionId) continue;
      socket.emit('session.ended', { reason: n.reason });
      socket.disconnect(true);
    }
  }

  afterInit(nsp: Namespace): void {
    nsp.use(this.limiter.rate());
    nsp.use((socket, next) => {
      const token =
        (socket.handshake.auth as { token?: string })?.token ?? bearerToken(socket.handshake.headers.authorization);
      if (!token) return next(Object.assign(new Error('Sign in first'), { data: { code: ErrorCode.Unauthenticated } }));
      this.auth.authenticate(token).then(
        (actor) => {
          socket.data.actor = actor;
          next();
        },
        () => next(Object.assign(new Error('Invalid or revoked token'), { data: { code: ErrorCode.Unauthenticated } })),
      );
    });
    // Last: only a handshake every check accepted takes a slot.
    nsp.use(
      this.limiter.caps('newsroom', {
        perAddress: this.env.NEWSROOM_SOCKETS_PER_IP,
        perUser: this.env.NEWSROOM_SOCKETS_PER_USER,
      }),
    );
  }

  /** `watch {story}` follows one story; `watch {story: "*"}` follows story-level changes of all. */
  @SubscribeMessage('watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    try {
      const req = parsePayload(UnsubscribeDto, payload);
      if (req.story === '*') {
        void socket.join('nr:*');
        return { ok: true };
      }
      const story = await this.reader.findStory(req.story, { newsroom: true });
      if (socket.rooms.size > 50)
        throw new LiveException(LiveExceptionCode.TooManySubscriptions, 'Watching too many stories');
      void socket.join(`nr:${story.id}`);
      return { ok: true, storyId: story.id };
    } catch (e) {
      return toAckError(e);
    }
  }

  @SubscribeMessage('unwatch')
  async unwatch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    try {
      const req = parsePayload(UnsubscribeDto, payload);
      const story = req.story === '*' ? null : await this.reader.findStory(req.story, { newsroom: true });
      void socket.leave(story ? `nr:${story.id}` : 'nr:*');
      return { ok: true };
    } catch (e) {
      return toAckError(e);
    }
  }
}
