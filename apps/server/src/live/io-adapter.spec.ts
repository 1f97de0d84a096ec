import type { INestApplicationContext } from '@nestjs/common';
import type { Socket } from 'socket.io';

// Nest's adapter is ESM, which the unit runner doesn't load: a stand-in records what reaches it.
// The real binding of the newsroom's handlers is exercised by the newsroom e2e specs.
const bound: unknown[][] = [];
jest.mock('@nestjs/platform-socket.io', () => ({
  IoAdapter: class {
    bindMessageHandlers(...args: unknown[]) {
      bound.push(args);
    }
  },
}));

import { LiveIoAdapter } from './io-adapter';

describe('LiveIoAdapter.bindMessageHandlers', () => {
  const adapter = new LiveIoAdapter({} as INestApplicationContext);
  const socket = {} as Socket;
  const transform = (data: unknown) => data as never;

  beforeEach(() => (bound.length = 0));

  it('binds nothing for a gateway without message handlers (the /live gateway)', () => {
    adapter.bindMessageHandlers(socket, [], transform);
    expect(bound).toEqual([]);
  });

  it("hands a gateway's handlers to Nest's adapter unchanged", () => {
    const handlers = [
      { message: 'watch', methodName: 'watch', callback: async () => ({}), isAckHandledManually: false },
    ];
    adapter.bindMessageHandlers(socket, handlers, transform);
    expect(bound).toEqual([[socket, handlers, transform]]);
  });
});
