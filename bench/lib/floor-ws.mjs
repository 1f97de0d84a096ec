// Floor under the floor: a raw `ws` server that speaks just enough Engine.IO/socket.io for
// the load generator and sends every subscriber the same pre-built frame, as socket.io's
// broadcast does (one WebSocket frame encoded once, written to each socket).
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Sender, WebSocketServer } from 'ws';

const port = Number(process.env.PORT);
const rooms = new Map();
const tail = [];
let seq = 0;
const sid = () => randomBytes(12).toString('base64url');

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const event = JSON.parse(body);
      event.seq = ++seq;
      tail.push(event);
      if (tail.length > 1000) tail.shift();
      const data = Buffer.from(`42/live,${JSON.stringify(['event', event])}`);
      const frame = Sender.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
      for (const ws of rooms.get(event.storyId) ?? []) {
        if (ws._sender?.sendFrame) ws._sender.sendFrame(frame);
        else ws.send(data, { binary: false });
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    return;
  }
  if (req.url === '/head')
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ seq }));
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const wss = new WebSocketServer({ server: http, path: '/socket.io/', perMessageDeflate: false });
wss.on('connection', (ws) => {
  const joined = new Set();
  ws.send(
    `0${JSON.stringify({ sid: sid(), upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 16384 })}`,
  );
  ws.on('message', (buf) => {
    const s = buf.toString();
    if (s === '40/live,') return ws.send(`40/live,{"sid":"${sid()}"}`);
    if (s.startsWith('42/live,')) {
      const open = s.indexOf('[');
      const ackId = s.slice(8, open);
      const [name, p] = JSON.parse(s.slice(open));
      if (name !== 'subscribe') return;
      let room = rooms.get(p.story);
      if (!room) rooms.set(p.story, (room = new Set()));
      room.add(ws);
      joined.add(room);
      const events = p.since === undefined ? [] : tail.filter((e) => e.seq > p.since);
      ws.send(`43/live,${ackId}${JSON.stringify([{ ok: true, storyId: p.story, seq, events }])}`);
    }
  });
  ws.on('close', () => {
    for (const room of joined) room.delete(ws);
  });
});
http.listen(port, '127.0.0.1');
