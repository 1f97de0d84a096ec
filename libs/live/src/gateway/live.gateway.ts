import { Logger, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import { ErrorCode, LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type SubscribeAck, type UnsubscribeAck } from '@liveline/contracts';
import { Env } from '@liveline/core';
import type { Namespace, Socket } from 'socket.io';
import { StoryFeeds } from '../delivery/story-feeds';
import { StoryRefs } from '../delivery/story-refs';
import { LiveException, toAckError } from '../live.exception';
import { parsePayload, parseSubscribe, UnsubscribeDto } from './subscribe.dto';
import { ConnectionLimiter } from './connection-limiter';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export const roomOf = (storyId: string) => `story:${storyId}`;


// Transport only: validates, resolves the story, replays from the feed's tail and joins the
// room. Events arrive from StoryFeeds and go out as one broadcast per event per process,
// which socket.io encodes once for every socket in the room.
// The handlers are plain socket.io listeners rather than @SubscribeMessage: Nest's per-message
// pipeline (rxjs, global pipes and guards, none of which apply here) doubled the cost of a
// subscribe, and a reconnect storm is thousands of them at once.
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnModuleInit {
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
    nsp.use(this.limiter.rate());
    nsp.use(this.limiter.caps('live', { perAddress: this.env.MAX_SOCKETS_PER_IP }));
    nsp.on('connection', (socket: LiveSocket) => {
      socket.on('subscribe', (...args: unknown[]) => this.answer(args, (payload) => this.subscribe(socket, payload)));
      socket.on('unsubscribe', (...args: unknown[]) => this.answer(args, (payload) => this.unsubscribe(socket, payload)));
    });
  }

  /** Splits the arguments as Nest did (a trailing function is the ack; one argument is the payload) and acks the result. */
  private answer(args: unknown[], run: (payload: unknown) => Promise<object>): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (res: object) => void) : undefined;
    run(args.length <= 1 ? args[0] : args).then(
      (res) => ack?.(res),
      (e) => this.logger.error(`Live handler failed: ${(e as Error).stack}`),
    );
  }

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

  async subscribe(socket: LiveSocket, payload: unknown): Promise<SubscribeAck> {
    try {
      const req = parseSubscribe(payload);
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

  async unsubscribe(socket: LiveSocket, payload: unknown): Promise<UnsubscribeAck> {
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
