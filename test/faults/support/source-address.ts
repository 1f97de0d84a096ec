import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

// deploy/nginx.conf balances with ip_hash, so every client of one test process (127.0.0.1)
// would sit on one upstream. Linux answers on all of 127.0.0.0/8: a client bound to 127.0.c.1
// is another address to nginx. ip_hash keys IPv4 on its first three octets, so c picks the
// process.

/** nginx's ip_hash choice among `peers` equal-weight upstreams for an IPv4 address (first try). */
export function ipHashPeer(address: string, peers: number): number {
  let hash = 89;
  for (const octet of address.split('.').slice(0, 3).map(Number)) hash = (hash * 113 + octet) % 6271;
  return hash % peers;
}

/** `perPeer` loopback addresses that ip_hash sends to each of `peers` upstreams, by upstream. */
export function addressesByPeer(peers: number, perPeer: number): string[][] {
  const byPeer: string[][] = Array.from({ length: peers }, () => []);
  for (let c = 1; c < 255 && byPeer.some((list) => list.length < perPeer); c++) {
    const address = `127.0.${c}.1`;
    const list = byPeer[ipHashPeer(address, peers)];
    if (list.length < perPeer) list.push(address);
  }
  return byPeer;
}

/** An HTTP agent whose connections leave from `address` (socket.io-client's `agent` option). */
export const agentFrom = (address: string): Agent => new Agent({ keepAlive: true, localAddress: address });

/** A `fetch` for http:// URLs whose connections leave from `address`. */
export function fetchFrom(address: string): typeof fetch {
  const agent = agentFrom(address);
  const send = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const req = request(
        new URL(String(input)),
        {
          method: init.method ?? 'GET',
          headers: init.headers as OutgoingHttpHeaders,
          agent,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const headers = Object.entries(res.headers).flatMap(([k, v]) =>
              v === undefined ? [] : [[k, String(v)] as [string, string]],
            );
            resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      // As fetch does: the network error is the cause of a TypeError.
      req.on('error', (cause) => reject(Object.assign(new TypeError('fetch failed'), { cause })));
      req.end(init.body as string | undefined);
    });
  return send as typeof fetch;
}
