import { Server } from 'socket.io';
import { ReplayAckEncoder } from './replay-ack-encoder';

describe('ReplayAckEncoder', () => {
  const base = new Server().encoder;
  const encoder = new ReplayAckEncoder(base);
  const events = [1, 2, 3].map((seq) => ({
    seq,
    type: 'entry.published',
    storyId: 's',
    at: '2024-10-21T10:00:00.000Z',
    entry: { id: `e${seq}`, headline: 'قوات "كورية" \u2028', body: '<p>x</p>', keyEvent: seq === 2 },
  }));

  it('encodes a replaying ack exactly as socket.io does', () => {
    for (const packet of [
      { type: 3, nsp: '/live', id: 7, data: [{ ok: true, storyId: 's', seq: 3, events }] },
      { type: 3, nsp: '/', id: 0, data: [{ ok: true, storyId: 's', seq: 3, events: events.slice(1) }] },
      { type: 3, nsp: '/live', id: 1, data: [{ events }] },
    ]) {
      expect(encoder.encode(packet)).toEqual(base.encode(packet));
    }
  });

  it('serializes each event once however many readers it is replayed to', () => {
    const spy = jest.spyOn(JSON, 'stringify');
    for (let id = 0; id < 100; id++)
      encoder.encode({ type: 3, nsp: '/live', id, data: [{ ok: true, storyId: 's', seq: 3, events: events.slice() }] });
    const calls = spy.mock.calls.filter(([v]) => events.includes(v as (typeof events)[number])).length;
    spy.mockRestore();
    expect(calls).toBeLessThanOrEqual(events.length);
  });

  it('leaves every other packet to socket.io', () => {
    for (const packet of [
      { type: 2, nsp: '/live', data: ['event', events[0]] },
      { type: 3, nsp: '/live', id: 2, data: [{ ok: true, storyId: 's', seq: 3, events: [] }] },
      { type: 3, nsp: '/live', id: 3, data: [{ ok: false, error: { code: 'x', message: 'y' } }] },
      { type: 3, nsp: '/live', id: 4, data: [{ ok: true, events: [Buffer.from('x')] }] },
      { type: 0, nsp: '/live', data: { sid: 'a' } },
    ]) {
      expect(encoder.encode(packet)).toEqual(base.encode(packet));
    }
  });
});
