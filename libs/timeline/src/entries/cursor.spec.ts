import { decodeCursor, encodeCursor } from './cursor';

describe('entry cursors', () => {
  const c = { at: new Date('2024-10-21T12:40:00.000Z'), id: '3f2b1c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d' };

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('is opaque: URL-safe, no raw timestamp', () => {
    const s = encodeCursor(c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(s).not.toContain('2024');
  });

  it.each([
    '',
    'abc',
    '!!!',
    Buffer.from('not-a-date|x').toString('base64url'),
    Buffer.from(`2024-10-21T12:40:00.000Z|${c.id}|x`).toString('base64url'),
    'A'.repeat(300),
  ])('refuses a malformed cursor %p with a 400-kind error', (raw) => {
    expect(() => decodeCursor(raw)).toThrow(expect.objectContaining({ kind: 'validation_failed' }));
  });
});

describe('entry cursors from before the field was renamed', () => {
  it('still decode (the encoding never named it)', () => {
    const old = Buffer.from('2024-10-21T12:40:00.000Z|3f2b1c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d').toString('base64url');
    expect(decodeCursor(old)).toEqual({
      at: new Date('2024-10-21T12:40:00.000Z'),
      id: '3f2b1c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    });
  });
});
