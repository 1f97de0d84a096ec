import { createHmac } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one `v1=` per secret (two during a rotation). */
export function signatureHeader(body: string, secrets: string[], t: number): string {
  const signed = `${t}.${body}`;
  return [`t=${t}`, ...secrets.map((s) => `v1=${createHmac('sha256', s).update(signed).digest('hex')}`)].join(',');
}
