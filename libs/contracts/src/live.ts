import type { ErrorCode } from './errors';
import type { TimelineEvent } from './event';

export const LIVE_NAMESPACE = '/live';

export interface SubscribeRequest {
  /** Story id or slug. */
  story: string;
  /** Last seq the client has seen; omit for none. */
  since?: number;
}

export interface UnsubscribeRequest {
  story: string;
}

export interface AckError {
  ok: false;
  error: { code: ErrorCode | string; message: string };
}

export type SubscribeAck =
  | { ok: true; storyId: string; seq: number; events: TimelineEvent[] }
  | { ok: true; storyId: string; seq: number; resync: true }
  | AckError;

export type UnsubscribeAck = { ok: true } | AckError;

export interface ServerToClientEvents {
  event: (event: TimelineEvent) => void;
  /** Sent before a graceful shutdown: reconnect and resubscribe with `since`. */
  reconnect: (info: { reason: string }) => void;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: UnsubscribeRequest, ack?: (res: UnsubscribeAck) => void) => void;
}
