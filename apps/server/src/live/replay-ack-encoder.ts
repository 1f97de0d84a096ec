import type { Server } from 'socket.io';

type Encoder = Server['encoder'];
type Packet = Parameters<Encoder['encode']>[0];
const ACK = 3;

// The acks of a reconnect storm replay the same tail events to thousands of readers, and the
// tail hands every reader the same event objects: each is serialized once per process, not
// once per reader (JSON.stringify was most of a catch-up's CPU). Events come from JSON (the
// log, NOTIFY), so they hold no binary. Every other packet goes to socket.io's own encoder.
export class ReplayAckEncoder {
  private readonly json = new WeakMap<object, string>();

  constructor(private readonly base: Encoder) {}

  encode(packet: Packet): ReturnType<Encoder['encode']> {
    const ack =
      packet.type === ACK && Array.isArray(packet.data) && packet.data.length === 1 ? packet.data[0] : undefined;
    const events: unknown = ack && typeof ack === 'object' ? (ack as { events?: unknown }).events : undefined;
    if (!Array.isArray(events) || events.length === 0) return this.base.encode(packet);
    let body = '';
    for (const event of events) {
      if (typeof event !== 'object' || event === null || ArrayBuffer.isView(event)) return this.base.encode(packet);
      let text = this.json.get(event);
      if (text === undefined) this.json.set(event, (text = JSON.stringify(event)));
      body += body ? `,${text}` : text;
    }
    const { events: _, ...rest } = ack as Record<string, unknown>;
    const head = JSON.stringify(rest);
    const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
    return [`${ACK}${nsp}${packet.id ?? ''}[${head === '{}' ? '{' : `${head.slice(0, -1)},`}"events":[${body}]}]`];
  }
}
