import { Injectable } from '@nestjs/common';
import { Env } from '@liveline/core';
import type { Socket } from 'socket.io';

// Caps concurrent socket connections per client IP, across namespaces of this process.
@Injectable()
export class ConnectionLimiter {
  private readonly perIp = new Map<string, number>();

  constructor(private readonly env: Env) {}

  middleware() {
    return (socket: Socket, next: (err?: Error) => void) => {
      const ip = this.ipOf(socket);
      const n = this.perIp.get(ip) ?? 0;
      if (n >= this.env.MAX_SOCKETS_PER_IP) {
        const err = new Error('Too many connections from this address') as Error & { data: unknown };
        err.data = { code: 'rate_limited' };
        return next(err);
      }
      this.perIp.set(ip, n + 1);
      socket.once('disconnect', () => {
        const left = (this.perIp.get(ip) ?? 1) - 1;
        if (left <= 0) this.perIp.delete(ip);
        else this.perIp.set(ip, left);
      });
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
