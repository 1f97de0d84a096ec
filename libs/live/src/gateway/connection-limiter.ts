import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@liveline/accounts';
import { ChunkedBudget, Env, RATE_WINDOW_MS, RateCounter } from '@liveline/core';
import type { Socket } from 'socket.io';

type Next = (err?: Error) => void;
type Middleware = (socket: Socket, next: Next) => void;

/** A namespace's concurrent caps, per address and (signed-in namespaces) per user; 0 is none. */
export interface SocketCaps {
  perAddress: number;
  perUser?: number;
}

const refusal = (message: string) => Object.assign(new Error(message), { data: { code: 'rate_limited' } });

/**
 * Socket admission, in two parts:
 * - `rate()`, first in every namespace: connection attempts per address per minute
 *   (SOCKET_CONNECTS_PER_MINUTE), counted in the database so all processes spend one budget,
 *   reserved in chunks (ChunkedBudget) so a reconnect storm costs a query per chunk: across N
 *   processes an address is admitted at most the limit and at least the limit minus N chunks.
 * - `caps()`, last (after authentication): concurrent sockets per address and per user for the
 *   namespace, and MAX_SOCKETS for the whole process. A slot is taken only by a handshake that
 *   every check accepted, and released exactly once when that socket or its connection closes,
 *   so refused handshakes (a stale token retrying) never use one up.
 */
@Injectable()
export class ConnectionLimiter {
  private readonly logger = new Logger('ConnectionLimiter');
  private readonly budget: ChunkedBudget;
  private readonly open = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly env: Env,
    counter: RateCounter,
  ) {
    this.budget = new ChunkedBudget(counter, env.SOCKET_CONNECTS_PER_MINUTE, RATE_WINDOW_MS);
  }

  /** Sockets open on this process, all namespaces. */
  get openSockets(): number {
    return this.total;
  }

  rate(): Middleware {
    return (socket, next) => {
      this.budget.take(`sockets:${this.ipOf(socket)}`).then(
        (ok) => next(ok ? undefined : refusal('Too many connections from this address; retry in a few seconds')),
        (e) => {
          // The budget lives in the database; without it, admit rather than turn readers away.
          this.logger.warn(`Connection rate check failed, admitting: ${(e as Error).message}`);
          next();
        },
      );
    };
  }

  caps(name: string, caps: SocketCaps): Middleware {
    return (socket, next) => {
      if (this.total >= this.env.MAX_SOCKETS) return next(refusal('This server is full; try again'));
      const keys = [`${name}|ip:${this.ipOf(socket)}`];
      const actor = socket.data.actor as Actor | undefined;
      if (actor && caps.perUser) keys.push(`${name}|user:${actor.id}`);
      const limits = [caps.perAddress, caps.perUser ?? 0];
      if (keys.some((k, i) => limits[i] > 0 && (this.open.get(k) ?? 0) >= limits[i]))
        return next(refusal('Too many connections'));
      this.total++;
      for (const k of keys) this.open.set(k, (this.open.get(k) ?? 0) + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.total--;
        for (const k of keys) {
          const left = (this.open.get(k) ?? 1) - 1;
          if (left <= 0) this.open.delete(k);
          else this.open.set(k, left);
        }
      };
      // 'disconnect' for a socket that connected; the connection's close also covers a client
      // that went away between this check and the connection being made.
      socket.once('disconnect', release);
      socket.conn.once('close', release);
      next();
    };
  }

  private ipOf(socket: Socket): string {
    if (this.env.TRUST_PROXY) {
      const fwd = socket.handshake.headers['x-forwarded-for'];
      const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return socket.handshake.address;
  }
}
