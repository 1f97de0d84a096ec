import { differingFields, fingerprintOf, type CreateRequestFields } from './request-fingerprint';

const base: CreateRequestFields = {
  headline: 'عاجل',
  body: '<p>انفجارات في كييف</p>',
  occurredAt: new Date('2026-10-25T00:30:00Z'),
  keyEvent: false,
  pinned: false,
  status: 'published',
  scheduledAt: null,
};

describe('request fingerprint', () => {
  it('is equal for the same request, whatever the offset the instant was written in', () => {
    const again = fingerprintOf({ ...base, occurredAt: new Date('2026-10-25T03:30:00+03:00') });
    expect(differingFields(fingerprintOf(base), again)).toEqual([]);
  });

  it('names each field that differs', () => {
    const again = fingerprintOf({ ...base, body: '<p>other</p>', keyEvent: true });
    expect(differingFields(fingerprintOf(base), again)).toEqual(['body', 'keyEvent']);
  });

  it('tells a missing time from a given one', () => {
    expect(differingFields(fingerprintOf(base), fingerprintOf({ ...base, occurredAt: null }))).toEqual(['occurredAt']);
  });
});
