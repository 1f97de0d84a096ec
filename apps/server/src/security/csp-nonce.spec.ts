import { cspNonce } from './csp-nonce';

describe('cspNonce', () => {
  it('gives 16 random bytes in base64, never the same twice, across refills of its pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const n = cspNonce();
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, 'base64')).toHaveLength(16);
      seen.add(n);
    }
    // 2,000 nonces span eight refills of a 256-nonce pool.
    expect(seen.size).toBe(2000);
  });
});
