import fc from 'fast-check';

// Text that stresses parsers, validators and the database: bidi controls, lone surrogates,
// NUL and other controls, combining marks, non-characters, emoji sequences, and long runs.
export const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202e\u2066rtl override\u2069\u202c',
  '\u200f\u200e\u061c',
  '\ufeff\ufffe\uffff',
  'e\u0301\u0301\u0301\u0301\u0301',
  '👩🏽‍🚀🏳️‍🌈',
  'مـــــرحبا',
  '%00%ff%',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  '-1',
  '1e400',
  '9007199254740993',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'W'.repeat(100_000),
];

const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
// Single UTF-16 code units: lone surrogates included, which fast-check's own units avoid.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Any string, biased towards the tricky ones. */
export const weirdString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...TRICKY_STRINGS)
      .chain((a) => fc.constantFrom(...TRICKY_STRINGS).map((b) => a.slice(0, 50) + b.slice(0, 50))),
  },
);

/** Any JSON value a client might send for a field. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdString },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -0) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2024-10-21T10:00:00Z',
      '2024-02-30T25:61:00Z',
      '0000-01-01',
      '+275760-09-13T00:00:00.000Z',
      'yesterday',
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }) },
);

// Every field name any DTO of the API knows, so bodies reach validation and the use cases.
export const FIELDS = [
  'title',
  'slug',
  'summary',
  'language',
  'status',
  'coverageStartedAt',
  'coverageEndedAt',
  'body',
  'headline',
  'occurredAt',
  'keyEvent',
  'pinned',
  'scheduledAt',
  'email',
  'password',
  'name',
  'role',
  'disabled',
  'story',
  'since',
  'limit',
  'before',
  '__proto__',
  'constructor',
  'id',
  'version',
  'seq',
];

/** A JSON body: shaped like a DTO with odd values, or any JSON at all. */
export const jsonBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), weirdValue, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Bytes that are not (valid) JSON, or JSON that JSON.stringify would never write. */
export const rawBody = fc.constantFrom(
  '{',
  '{"title":',
  '[]',
  'null',
  '"just a string"',
  '{"body":"\\ud800"}',
  '{"body":"a\\u0000b","headline":"\\u0000"}',
  '{"__proto__":{"admin":true},"title":"x"}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"title":"x","title":"y"}',
  `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  '\u0000\u0001\u0002',
  '\ufeff{"title":"bom"}',
  '{"since":1e999}',
);

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  '',
];

/** A header value fetch can send: visible ASCII and spaces. */
export const headerValue = fc.oneof(
  fc.string({ unit: printableAscii, maxLength: 60 }),
  fc.constantFrom(
    '"1"',
    '"0"',
    '*',
    'W/"x"',
    'Bearer ',
    'Bearer x',
    'Basic Zm9vOmJhcg==',
    'liveline_lang=ar',
    'ar;q=abc, en;q=2',
    '127.0.0.1, 10.0.0.1',
    'x'.repeat(4000),
  ),
);

export const HEADER_NAMES = [
  'if-match',
  'if-none-match',
  'idempotency-key',
  'authorization',
  'accept-language',
  'cookie',
  'accept',
  'x-request-id',
  'x-forwarded-for',
  'range',
  'origin',
];

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD), or leaves a broken escape in. */
export function pathSegment(s: string): string {
  return Buffer.from(s, 'utf8')
    .toString('hex')
    .replace(/../g, (h) => `%${h}`);
}

export const segment = fc.oneof(
  { weight: 3, arbitrary: weirdString.map((s) => pathSegment(s.slice(0, 2000))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '..', '.', '%2e%2e', '%2F', 'a%00b', '~', '-') },
);

export const queryString = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'since',
        'limit',
        'before',
        'status',
        'url',
        'maxwidth',
        'format',
        'theme',
        'story',
        'a[b]',
        '__proto__[x]',
        'since[]',
      ),
      fc.oneof(segment, fc.constantFrom('1', '-1', '0', '1.5', '1e3', '99999999999999999999', 'true', '')),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
