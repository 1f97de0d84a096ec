import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type TimelineEvent,
} from '@liveline/contracts';
import { io, type Socket } from 'socket.io-client';
import { ReadApi } from './read-api';
import { StoryFollower, type FollowerSink } from './story-follower';

export interface LiveSink extends FollowerSink {
  /** The socket went away or came back; the view may say so. */
  connection?(online: boolean): void;
  /** The server refused the subscription (unknown story, too many subscriptions…). */
  refused?(error: { code: string; message: string }): void;
}

export interface Following {
  stop(): void;
}

interface StoryChannel {
  storyId: string;
  followers: Map<StoryFollower, LiveSink>;
  /** The newest seq the server has told us about. */
  head: number;
}

const ACK_TIMEOUT_MS = 10_000;
const RESUBSCRIBE_MS = 3_000;
// Let a widget that is only moved in the DOM (disconnect, then connect) keep the socket.
const IDLE_CLOSE_MS = 1_000;

/**
 * One socket per server for the whole page: every widget and view follows its stories
 * through it, so ten widgets still make one connection.
 */
export class LiveConnection {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private readonly channels = new Map<string, StoryChannel>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly base: string,
    readonly api: ReadApi = new ReadApi(base),
  ) {}

  /** Follows a story (by id) from `seq`, the seq the view's content reflects. */
  follow(storyId: string, seq: number, sink: LiveSink): Following {
    const socket = this.open();
    let channel = this.channels.get(storyId);
    const fresh = !channel;
    if (!channel) {
      channel = { storyId, followers: new Map(), head: seq };
      this.channels.set(storyId, channel);
    }
    const follower = new StoryFollower(seq, (since) => this.api.events(storyId, since), sink);
    channel.followers.set(follower, sink);
    if (fresh) {
      if (socket.connected) this.subscribe(channel);
    } else {
      // The channel is already live: anything between this view's page and now comes from the log.
      follower.catchUpTo(channel.head);
    }
    const owner = channel;
    return {
      stop: () => {
        follower.stop();
        owner.followers.delete(follower);
        if (owner.followers.size === 0 && this.channels.get(storyId) === owner) {
          this.channels.delete(storyId);
          if (this.socket?.connected) this.socket.emit('unsubscribe', { story: storyId });
          this.scheduleIdleClose();
        }
      },
    };
  }

  private open(): Socket<ServerToClientEvents, ClientToServerEvents> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.socket) return this.socket;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.base + LIVE_NAMESPACE, {
      // WebSocket first; networks that block it still get long-polling.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: false,
    });
    socket.on('connect', () => {
      // Every (re)connection resubscribes each story from the last seq its views have seen.
      for (const channel of this.channels.values()) {
        this.subscribe(channel);
        for (const sink of channel.followers.values()) sink.connection?.(true);
      }
    });
    socket.on('disconnect', () => {
      for (const channel of this.channels.values())
        for (const sink of channel.followers.values()) sink.connection?.(false);
    });
    socket.on('event', (event: TimelineEvent) => {
      const channel = this.channels.get(event.storyId);
      if (!channel) return;
      channel.head = Math.max(channel.head, event.seq);
      for (const follower of channel.followers.keys()) follower.receive([event]);
    });
    this.socket = socket;
    return socket;
  }

  private subscribe(channel: StoryChannel): void {
    const socket = this.socket;
    if (!socket) return;
    const since = Math.min(...[...channel.followers.keys()].map((f) => f.seq));
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('subscribe', { story: channel.storyId, since }, (err: Error | null, ack: SubscribeAck) => {
        if (this.channels.get(channel.storyId) !== channel || socket !== this.socket) return;
        if (err) {
          // No answer in time: ask again while we are still connected.
          setTimeout(
            () => socket.connected && this.channels.get(channel.storyId) === channel && this.subscribe(channel),
            RESUBSCRIBE_MS,
          );
          return;
        }
        if (!ack.ok) {
          for (const sink of channel.followers.values()) sink.refused?.(ack.error);
          return;
        }
        channel.head = Math.max(channel.head, ack.seq);
        for (const follower of channel.followers.keys()) {
          if ('resync' in ack) follower.resyncNow();
          else {
            follower.receive(ack.events);
            follower.catchUpTo(ack.seq);
          }
        }
      });
  }

  private scheduleIdleClose(): void {
    if (this.channels.size > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.channels.size > 0 || !this.socket) return;
      this.socket.removeAllListeners();
      this.socket.disconnect();
      this.socket = null;
    }, IDLE_CLOSE_MS);
  }
}

const connections = new Map<string, LiveConnection>();

/** The page's one connection to the server at `base` (an origin). */
export function liveConnection(base: string): LiveConnection {
  let connection = connections.get(base);
  if (!connection) {
    connection = new LiveConnection(base);
    connections.set(base, connection);
  }
  return connection;
}
