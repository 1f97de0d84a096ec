import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './address-policy';
import { OutboundErrorCode, OutboundException } from './outbound.exception';

/** Resolves a host name to every address it has (the system resolver unless a test gives another). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

export interface TargetPolicy {
  allowPrivate?: boolean;
  resolve?: Resolver;
  // Test seam: which addresses count as public (defaults to isPublicAddress).
  isPublic?: (ip: string) => boolean;
}

/** The URL's host without IPv6 brackets or a trailing root dot, lower-cased. */
export function bareHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundException(OutboundErrorCode.BadUrl, `Not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundException(OutboundErrorCode.BadUrl, `Only http and https URLs may be fetched: ${raw}`);
  }
  if (url.username || url.password) {
    throw new OutboundException(OutboundErrorCode.BadUrl, `URLs with credentials are refused: ${raw}`);
  }
  return url;
}

function blocked(host: string, address: string): OutboundException {
  return new OutboundException(
    OutboundErrorCode.BlockedAddress,
    `${host} is not a public address (${address}); outbound requests never reach the service's own network`,
    { host },
  );
}

// RFC 6761: localhost and *.localhost are loopback whatever a resolver says.
function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Refuses a literal address or a name that is loopback by definition, before any lookup. */
export function assertHostForm(url: URL, policy: TargetPolicy): void {
  if (policy.allowPrivate) return;
  const host = bareHost(url);
  const isPublic = policy.isPublic ?? isPublicAddress;
  if (isLocalhostName(host)) throw blocked(host, 'loopback name');
  if (isIP(host) !== 0 && !isPublic(host)) throw blocked(host, host);
}

/** Every address of the name, refused as a whole when any one is not public. */
export async function resolvePublic(hostname: string, policy: TargetPolicy): Promise<LookupAddress[]> {
  const host = hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  const family = isIP(host);
  const isPublic = policy.isPublic ?? isPublicAddress;
  if (!policy.allowPrivate && isLocalhostName(host)) throw blocked(host, 'loopback name');
  let addresses: LookupAddress[];
  if (family !== 0) {
    addresses = [{ address: host, family }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'ENOTFOUND';
      throw new OutboundException(OutboundErrorCode.ConnectFailed, `Cannot resolve ${host} (${code})`, { host });
    }
  }
  if (addresses.length === 0) {
    throw new OutboundException(OutboundErrorCode.ConnectFailed, `Cannot resolve ${host} (no address)`, { host });
  }
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => !isPublic(a.address));
    if (bad) throw blocked(host, bad.address);
  }
  return addresses;
}

/** Resolves the URL's host and checks every address; throws OutboundException when refused. */
export async function assertPublicTarget(url: string, opts: TargetPolicy): Promise<void> {
  const parsed = parseTarget(url);
  assertHostForm(parsed, opts);
  await resolvePublic(bareHost(parsed), opts);
}

/**
 * A `lookup` for http(s) agents: the socket connects to exactly the addresses checked here,
 * so a name cannot resolve to something else between the check and the connect (DNS rebinding).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolvePublic(hostname, policy).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses;
        if (wanted.length === 0) {
          callback(
            Object.assign(new Error(`No IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
        } else if (options.all) {
          (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, wanted);
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}
