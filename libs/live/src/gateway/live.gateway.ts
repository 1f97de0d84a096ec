import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type UnsubscribeAck,
} from '@liveline/contracts';
import { Env } from '@liveline/core';
import { TimelineException } from '@liveline/timeline';
import type { Namespace, Socket } from 'socket.io';
import { StoryFeeds } from '../delivery/story-feeds';
import { StoryRefs } from '../delivery/story-refs';
import { Readership, roomOf } from '../delivery/readership';
import { LiveException, LiveExceptionCode, toAckError } from '../live.exception';
import { parsePayload, parseSubscribe, UnsubscribeDto } from './subscribe.dto';
import { ConnectionLimiter } from './connection-limiter';
import { bufferedBytes, ReplayBudget, SlowSocketWatch } from './backpressure';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

// Transport only: validates, resolves the story, replays from the feed's tail and joins the
// room. Events arrive from StoryFeeds and go out as one broadcast per event per process,
// which socket.io encodes once for every socket in the room.
// The handlers are plain socket.io listeners rather than @SubscribeMessage: Nest's per-message
// pipeline (rxjs, global pipes and guards, none of which apply here) doubled the cost of a
// subscribe, and a reconnect storm is thousands of them at once.
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveGateway');
  readonly replays: ReplayBudget;
  readonly slow: SlowSocketWatch<LiveSocket>;
  private watchTimer?: NodeJS.Timeout;
  @WebSocketServer() private readonly nsp: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly feeds: StoryFeeds,
    private readonly refs: StoryRefs,
    private readonly limiter: ConnectionLimiter,
    private readonly env: Env,
    private readonly readership: Readership,
  ) {
    this.replays = new ReplayBudget(env.REPLAY_EVENTS_PER_SOCKET_PER_MINUTE, 60_000);
    const checkMs = Math.min(1000, Math.max(100, Math.floor(env.SLOW_SOCKET_GRACE_MS / 4)));
    this.slow = new SlowSocketWatch<LiveSocket>(
      env.SLOW_SOCKET_BUFFER_BYTES,
      Math.max(2, Math.round(env.SLOW_SOCKET_GRACE_MS / checkMs)),
      {
        buffered: (socket) => bufferedBytes(socket.conn),
        drop: (socket) => {
          this.logger.warn(`Dropping a socket that stopped reading (${bufferedBytes(socket.conn)} bytes unsent)`);
          socket.disconnect(true);
        },
      },
    );
    this.checkMs = checkMs;
  }

  private readonly checkMs: number;

  onApplicationShutdown(): void {
    clearInterval(this.watchTimer);
  }

  onModuleInit(): void {
    this.feeds.onEvent((event) => this.nsp?.to(roomOf(event.storyId)).emit('event', event));
  }

  afterInit(nsp: Namespace): void {
    this.readership.attach(nsp.adapter);
    nsp.use(this.limiter.rate());
    nsp.use(this.limiter.caps('live', { perAddress: this.env.MAX_SOCKETS_PER_IP }));
    this.watchTimer = setInterval(
      () => this.slow.check(nsp.sockets.values() as Iterable<LiveSocket>),
      this.checkMs,
    ).unref();
    nsp.on('connection', (socket: LiveSocket) => {
      socket.on('subscribe', (...args: unknown[]) => this.answer(args, (payload) => this.subscribe(socket, payload)));
      socket.on('unsubscribe', (...args: unknown[]) =>
        this.answer(args, (payload) => this.unsubscribe(socket, payload)),
      );
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
    return this.readership.readers(storyId);
  }

  /** Rooms of this process with their reader counts. */
  roomSizes(): Map<string, number> {
    return this.readership.roomSizes();
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
        throw new LiveException(
          LiveExceptionCode.TooManySubscriptions,
          `At most ${this.env.MAX_SUBSCRIPTIONS_PER_SOCKET} stories per connection`,
        );
      }
      // A replay is caught up with the committed log first (one batched head read): this
      // process's NOTIFY may lag (another process wrote, the LISTEN connection is down), and a
      // stale tail would replay text already corrected or deleted, or miss what the reader saw.
      const feed =
        req.since === undefined ? await this.feeds.feed(story.id) : await this.feeds.current(story.id, req.since);
      // The feed, caught up, decides whether the story is public (the ref cache may be older).
      if (!feed.isPublic) throw TimelineException.storyNotFound(req.story);
      // From here to the return nothing awaits: the replay and the join see the same head. The
      // in-memory adapter joins at once (join's Promise type is for other adapters), hence `void`.
      if (req.since !== undefined && req.since > feed.head) {
        void socket.join(room);
        return { ok: true, storyId: story.id, seq: feed.head, resync: true };
      }
      const events = req.since === undefined ? [] : feed.since(req.since);
      if (events && !this.replays.take(socket, events.length)) {
        throw new LiveException(
          LiveExceptionCode.ReplayLimited,
          `Too many replayed events on this connection; retry in ${this.replays.retryAfter(socket)} s`,
        );
      }
      void socket.join(room);
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
      void socket.leave(roomOf(story.id));
      return { ok: true };
    } catch (e) {
      return toAckError(e);
    }
  }
}
