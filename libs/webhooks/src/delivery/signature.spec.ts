import { createHmac } from 'node:crypto';
import { signatureHeader } from './signature';

describe('signatureHeader', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in hex', () => {
    const body = '{"seq":1}';
    const expected = createHmac('sha256', 'k1').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(body, ['k1'], 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('carries one v1 per secret, the current one first', () => {
    const header = signatureHeader('x', ['new', 'old'], 5);
    const parts = header.split(',');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe(`v1=${createHmac('sha256', 'new').update('5.x').digest('hex')}`);
    expect(parts[2]).toBe(`v1=${createHmac('sha256', 'old').update('5.x').digest('hex')}`);
  });
});
