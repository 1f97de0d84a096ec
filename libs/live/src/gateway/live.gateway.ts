import { Logger, type OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { ErrorCode, LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type SubscribeAck, type UnsubscribeAck } from '@liveline/contracts';
import { Env } from '@liveline/core';
import type { Namespace, Socket } from 'socket.io';
import { StoryFeeds } from '../delivery/story-feeds';
import { StoryRefs } from '../delivery/story-refs';
import { LiveException, toAckError } from '../live.exception';
import { parsePayload, SubscribeDto, UnsubscribeDto } from './subscribe.dto';
import { ConnectionLimiter } from './connection-limiter';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export const roomOf = (storyId: string) => `story:${storyId}`;

// Transport only: validates, resolves the story, replays from the feed's tail and joins the
// room. Events arrive from StoryFeeds and go out as one broadcast per event per process,
// which socket.io encodes once for every socket in the room.
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit {
  private readonly logger = new Logger('LiveGateway');
  @WebSocketServer() private readonly nsp: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly feeds: StoryFeeds,
    private readonly refs: StoryRefs,
    private readonly limiter: ConnectionLimiter,
    private readonly env: Env,
  ) {}

  onModuleInit(): void {
    this.feeds.onEvent((event) => this.nsp?.to(roomOf(event.storyId)).emit('event', event));
    this.feeds.watched = (storyId) => this.readers(storyId) > 0;
  }

  afterInit(nsp: Namespace): void {
    nsp.use(this.limiter.middleware());
  }

  handleConnection(): void {}

  handleDisconnect(): void {}

  readers(storyId: string): number {
    return this.nsp?.adapter.rooms.get(roomOf(storyId))?.size ?? 0;
  }

  /** Rooms of this process with their reader counts. */
  roomSizes(): Map<string, number> {
    const sizes = new Map<string, number>();
    for (const [room, sockets] of this.nsp?.adapter.rooms ?? []) {
      if (room.startsWith('story:')) sizes.set(room.slice(6), sockets.size);
    }
    return sizes;
  }

  /** Asks every reader to reconnect elsewhere (graceful shutdown); they resume with `since`. */
  sendReconnect(reason: string): void {
    this.nsp?.emit('reconnect', { reason });
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() payload: unknown): Promise<SubscribeAck> {
    try {
      const req = parsePayload(SubscribeDto, payload);
      const story = await this.refs.resolve(req.story);
      const room = roomOf(story.id);
      if (!socket.rooms.has(room) && socket.rooms.size - 1 >= this.env.MAX_SUBSCRIPTIONS_PER_SOCKET) {
        throw new LiveException(ErrorCode.TooManySubscriptions, 'too_many_subscriptions', `At most ${this.env.MAX_SUBSCRIPTIONS_PER_SOCKET} stories per connection`);
      }
      const feed = await this.feeds.feed(story.id);
      // A reader may have seen events this process has not delivered yet (another process
      // was faster): catch up from the log first, so nothing reaches it twice.
      if (req.since !== undefined && req.since > feed.head) await this.feeds.refresh(feed);
      // From here to the return nothing awaits: the replay and the join see the same head.
      if (req.since !== undefined && req.since > feed.head) {
        socket.join(room);
        return { ok: true, storyId: story.id, seq: feed.head, resync: true };
      }
      const events = req.since === undefined ? [] : feed.since(req.since);
      socket.join(room);
      if (events === null) return { ok: true, storyId: story.id, seq: feed.head, resync: true };
      return { ok: true, storyId: story.id, seq: feed.head, events };
    } catch (e) {
      return toAckError(e);
    }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() payload: unknown): Promise<UnsubscribeAck> {
    try {
      const req = parsePayload(UnsubscribeDto, payload);
      const story = await this.refs.resolve(req.story);
      socket.leave(roomOf(story.id));
      return { ok: true };
    } catch (e) {
      return toAckError(e);
    }
  }
}
