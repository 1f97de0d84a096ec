// Floor for the read path: a bare Node http server answering every GET with the bytes the
// service sent for the same URL (body and content type, read from the file in BODY_FILE).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const port = Number(process.env.PORT);
const body = readFileSync(process.env.BODY_FILE);
const type = process.env.CONTENT_TYPE || 'application/json; charset=utf-8';
createServer((req, res) => {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length });
  res.end(body);
}).listen(port, '127.0.0.1');
