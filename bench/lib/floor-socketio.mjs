// Floor for fan-out: a bare socket.io server with the service's engine options, namespace,
// room and event shape, and no framework or database. POST /publish broadcasts the body.
// Its replay tail is the last events it published, like the service's in-memory tail.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT);
const tail = [];
let seq = 0;
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
      nsp.to(`story:${event.storyId}`).emit('event', event);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    return;
  }
  if (req.url === '/head')
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ seq }));
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const io = new Server(http, {
  transports: ['websocket', 'polling'],
  maxHttpBufferSize: 16 * 1024,
  perMessageDeflate: false,
  httpCompression: false,
  pingInterval: 25_000,
  pingTimeout: 20_000,
  connectTimeout: 10_000,
  cors: { origin: true, credentials: false },
});
const nsp = io.of('/live');
nsp.on('connection', (socket) => {
  socket.on('subscribe', (p, ack) => {
    const storyId = p.story;
    socket.join(`story:${storyId}`);
    const since = p.since;
    const events = since === undefined ? [] : tail.filter((e) => e.seq > since);
    ack({ ok: true, storyId, seq, events });
  });
});
http.listen(port, '127.0.0.1');
