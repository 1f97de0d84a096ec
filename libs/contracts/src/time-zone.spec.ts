import { fromZonedInput, isTimeZone, offsetMinutes, toZonedInput } from './time-zone';

describe('isTimeZone', () => {
  it('accepts IANA names the runtime knows', () => {
    for (const tz of ['UTC', 'Europe/Kyiv', 'Asia/Riyadh', 'America/Argentina/Buenos_Aires', 'Etc/GMT+3'])
      expect(isTimeZone(tz)).toBe(true);
  });

  it('refuses unknown names, offsets and junk', () => {
    for (const tz of ['Mars/Olympus', '+03:00', 'Europe/', '', 'Europe/Kyiv\n', 'x'.repeat(80), 42, null])
      expect(isTimeZone(tz)).toBe(false);
  });
});

// Kyiv leaves summer time on the last Sunday of October: 2026-10-25 04:00 EEST becomes 03:00 EET (01:00 UTC).
describe('wall clock in a zone across a DST change', () => {
  it('knows the offset on either side of the change', () => {
    expect(offsetMinutes(new Date('2026-10-25T00:59:00Z'), 'Europe/Kyiv')).toBe(180);
    expect(offsetMinutes(new Date('2026-10-25T01:00:00Z'), 'Europe/Kyiv')).toBe(120);
  });

  it('shows two instants an hour apart as the same 03:30, before and after the change', () => {
    expect(toZonedInput('2026-10-25T00:30:00Z', 'Europe/Kyiv')).toBe('2026-10-25T03:30');
    expect(toZonedInput('2026-10-25T01:30:00Z', 'Europe/Kyiv')).toBe('2026-10-25T03:30');
  });

  it('reads an ambiguous wall time as its first occurrence, and plain ones exactly', () => {
    expect(fromZonedInput('2026-10-25T03:30', 'Europe/Kyiv')).toBe('2026-10-25T00:30:00.000Z');
    expect(fromZonedInput('2026-10-25T05:00', 'Europe/Kyiv')).toBe('2026-10-25T03:00:00.000Z');
    expect(fromZonedInput('2026-10-24T12:00', 'Europe/Kyiv')).toBe('2026-10-24T09:00:00.000Z');
  });

  it('moves a wall time that never happens (spring forward) past the gap', () => {
    // 2026-03-29 03:00 EET jumps to 04:00 EEST.
    expect(fromZonedInput('2026-03-29T03:30', 'Europe/Kyiv')).toBe('2026-03-29T01:30:00.000Z');
    expect(toZonedInput('2026-03-29T01:30:00Z', 'Europe/Kyiv')).toBe('2026-03-29T04:30');
  });

  it('round-trips every quarter hour of the change day', () => {
    for (let t = Date.parse('2026-10-24T20:00:00Z'); t < Date.parse('2026-10-25T06:00:00Z'); t += 15 * 60_000) {
      const iso = new Date(t).toISOString();
      const back = fromZonedInput(toZonedInput(iso, 'Europe/Kyiv'), 'Europe/Kyiv')!;
      // The repeated hour reads back as its first occurrence, an hour earlier.
      expect([0, 3_600_000]).toContain(t - Date.parse(back));
    }
  });

  it('is plain UTC in UTC', () => {
    expect(fromZonedInput('2026-10-25T03:30', 'UTC')).toBe('2026-10-25T03:30:00.000Z');
    expect(fromZonedInput('not a time', 'UTC')).toBeNull();
  });
});
