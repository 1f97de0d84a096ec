import type { NextFunction, Request, Response } from 'express';

// Whether this process is shutting down, and the HTTP requests it still owes an answer.
// /health turns 503 and new socket sessions are refused as soon as draining starts.
// A plain class (ShutdownModule provides one instance), so unit specs need no Nest.
export class DrainState {
  draining = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  get requestsInFlight(): number {
    return this.inFlight;
  }

  start(): void {
    this.draining = true;
  }

  /** Counts requests until their response is sent or the client goes away. */
  middleware() {
    return (_req: Request, res: Response, next: NextFunction) => {
      this.inFlight++;
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        if (--this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
      };
      res.once('finish', end);
      res.once('close', end);
      // Keep-alive clients learn to open their next request elsewhere.
      if (this.draining) res.setHeader('Connection', 'close');
      next();
    };
  }

  /** Resolves when no request is in flight, or after `timeoutMs`; true when all finished. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
