import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TimelineEvent } from '@liveline/contracts';

export interface Received {
  id: string;
  signature: string;
  body: string;
  event: TimelineEvent;
  at: number;
  /** The status it was answered with; undefined while held. */
  answered?: number;
}

/** What the receiver answers: a status, or 'hang' to hold the request open. */
export type Answer = number | 'hang';

// A local webhook endpoint that records every request in arrival order.
export class WebhookReceiver {
  readonly requests: Received[] = [];
  answer: (r: Received) => Answer = () => 200;
  private server?: Server;
  private readonly hung: ServerResponse[] = [];
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((done, fail) => {
      this.server!.once('error', fail);
      this.server!.listen(port, '127.0.0.1', () => done());
    });
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = {
        id: String(req.headers['liveline-event-id']),
        signature: String(req.headers['liveline-signature']),
        body,
        event: JSON.parse(body),
        at: Date.now(),
      };
      this.requests.push(r);
      const a = this.answer(r);
      if (a === 'hang') {
        this.hung.push(res);
        return;
      }
      r.answered = a;
      res.writeHead(a, { 'content-type': 'text/plain' }).end(a >= 300 ? 'receiver says no' : 'ok');
    });
  }

  /** Event ids of story `storyId`, in arrival order. */
  seqs(storyId: string): number[] {
    return this.requests.filter((r) => r.event.storyId === storyId).map((r) => r.event.seq);
  }

  async stop(): Promise<void> {
    this.hung.forEach((r) => r.destroy());
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    this.server?.closeAllConnections();
  }
}

/** Every v1= of the header that matches the secret, as a receiver checks it. */
export function validSignature(r: Pick<Received, 'signature' | 'body'>, secret: string): boolean {
  const parts = r.signature.split(',');
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  const expected = createHmac('sha256', secret).update(`${t}.${r.body}`).digest();
  return parts
    .filter((p) => p.startsWith('v1='))
    .some((p) => {
      const got = Buffer.from(p.slice(3), 'hex');
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

/** Strictly increasing from `from` with no gaps, allowing one immediate repeat after a crash. */
export function dedupe(seqs: number[]): number[] {
  return seqs.filter((s, i) => i === 0 || s !== seqs[i - 1]);
}
