import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { OutboundClient, OutboundRequest, OutboundResponse } from './outbound';

// Stand-in for libs/outbound (issue 14) with the same contract: private, loopback and
// link-local addresses are refused before connecting (checked on the resolved address, so a
// DNS name pointing at 127.0.0.1 is refused too), connect and total timeouts, a capped body,
// no redirects. Replace with OutboundHttp when that lands.
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export class OutboundRefused extends Error {
  constructor(readonly reason: 'bad_url' | 'private_target' | 'dns_failed', message: string) {
    super(message);
  }
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

function parseTarget(url: string, httpsOnly?: boolean): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OutboundRefused('bad_url', 'Not a URL');
  }
  if (u.protocol !== 'https:' && (httpsOnly || u.protocol !== 'http:')) throw new OutboundRefused('bad_url', `Only ${httpsOnly ? 'https' : 'http(s)'} URLs are allowed`);
  if (u.username || u.password) throw new OutboundRefused('bad_url', 'Credentials in the URL are not allowed');
  return u;
}

const bareHost = (u: URL) => u.hostname.replace(/^\[|\]$/g, '');

export async function assertPublicTarget(url: string, opts: { allowPrivate?: boolean }): Promise<void> {
  const u = parseTarget(url);
  if (opts.allowPrivate) return;
  const host = bareHost(u);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dnsLookupAsync(host, { all: true })).map((a) => a.address);
  } catch (e) {
    throw new OutboundRefused('dns_failed', `Cannot resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw new OutboundRefused('private_target', `${host} resolves to ${bad}, a private, loopback or link-local address`);
}

// Checks every address the connection would use, at connect time (DNS can change after creation).
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options as LookupOptions, (err, address, family) => {
    if (err) return callback(err, address as string, family);
    const list = Array.isArray(address) ? (address as LookupAddress[]).map((a) => a.address) : [address];
    const bad = list.find(isPrivateAddress);
    if (bad) return callback(new OutboundRefused('private_target', `${hostname} resolves to ${bad}, a private address`), '', 4);
    callback(null, address as string, family);
  });
};

@Injectable()
export class InterimOutbound implements OutboundClient {
  request(req: OutboundRequest): Promise<OutboundResponse> {
    const u = parseTarget(req.url, req.httpsOnly);
    const host = bareHost(u);
    if (!req.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      return Promise.reject(new OutboundRefused('private_target', `${host} is a private, loopback or link-local address`));
    }
    if (req.allowHost && !req.allowHost(host)) return Promise.reject(new OutboundRefused('bad_url', `${host} is not allowed`));
    const cap = req.maxResponseBytes ?? 64 * 1024;
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, res?: OutboundResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        clearTimeout(connect);
        if (err) {
          r.destroy();
          reject(err);
        } else resolve(res!);
      };
      const total = setTimeout(() => finish(new Error(`timed out after ${req.timeoutMs ?? 10000} ms`)), req.timeoutMs ?? 10000);
      const connect = setTimeout(() => finish(new Error(`connect timed out after ${req.connectTimeoutMs ?? 5000} ms`)), req.connectTimeoutMs ?? 5000);
      const r: ClientRequest = send(u, {
        method: req.method ?? 'GET',
        headers: req.headers,
        agent: false,
        lookup: req.allowPrivate ? undefined : guardedLookup,
      });
      r.once('socket', (s) => {
        if (!s.connecting) clearTimeout(connect);
        s.once('connect', () => clearTimeout(connect));
        s.once('secureConnect', () => clearTimeout(connect));
      });
      r.once('error', (e) => finish(e));
      r.once('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, url: u.toString() });
        res.on('data', (c: Buffer) => {
          if (truncated) return;
          const room = cap - size;
          if (c.length > room) {
            chunks.push(c.subarray(0, room));
            truncated = true;
            done();
            res.destroy();
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        res.once('end', done);
        res.once('error', (e) => finish(e));
      });
      r.end(req.body);
    });
  }
}
