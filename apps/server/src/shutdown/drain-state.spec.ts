import { EventEmitter } from 'node:events';
import { DrainState } from './drain-state';

const response = () =>
  Object.assign(new EventEmitter(), {
    headers: {} as Record<string, string>,
    setHeader(k: string, v: string) {
      this.headers[k] = v;
    },
  });

describe('DrainState', () => {
  it('counts requests until they finish or their client goes away', async () => {
    const drain = new DrainState();
    const [a, b] = [response(), response()];
    const mw = drain.middleware();
    mw({} as never, a as never, () => undefined);
    mw({} as never, b as never, () => undefined);
    expect(drain.requestsInFlight).toBe(2);
    const idle = drain.idle(1000);
    a.emit('finish');
    a.emit('close');
    expect(drain.requestsInFlight).toBe(1);
    b.emit('close');
    await expect(idle).resolves.toBe(true);
    expect(drain.requestsInFlight).toBe(0);
  });

  it('gives up waiting after the timeout', async () => {
    const drain = new DrainState();
    drain.middleware()({} as never, response() as never, () => undefined);
    await expect(drain.idle(20)).resolves.toBe(false);
  });

  it('asks keep-alive clients to go elsewhere once draining', () => {
    const drain = new DrainState();
    const before = response();
    drain.middleware()({} as never, before as never, () => undefined);
    drain.start();
    const after = response();
    drain.middleware()({} as never, after as never, () => undefined);
    expect(before.headers.Connection).toBeUndefined();
    expect(after.headers.Connection).toBe('close');
    expect(drain.draining).toBe(true);
  });
});
