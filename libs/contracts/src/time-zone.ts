// Story time zones (IANA names such as Europe/Kyiv): validation and wall-clock conversion,
// shared by the server (validation), the reader surfaces and the newsroom (inputs in the story's zone).

const IANA_NAME = /^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2})$/;

/** True for a time zone name the runtime knows (`Europe/Kyiv`, `UTC`); offsets like `+03:00` are not names. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64 || !IANA_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** Calendar fields of an instant in a zone. */
export function wallClock(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

/** The zone's offset from UTC at an instant, in minutes (Kyiv in summer: 180). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm` (a datetime-local value) of an ISO instant in a zone; '' for none. */
export function toZonedInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const w = wallClock(at, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant (ISO) a wall-clock `YYYY-MM-DDTHH:mm[:ss]` means in a zone, or null. A time that
 * occurs twice (clocks go back) is the first of the two; one that never occurs (clocks go
 * forward) is moved on by the size of the gap, as clocks themselves do.
 */
export function fromZonedInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return null;
  // Candidates: the wall time read with the offsets in force a day either side of it.
  const offsets = new Set([
    offsetMinutes(new Date(wall - 86_400_000), timeZone),
    offsetMinutes(new Date(wall), timeZone),
    offsetMinutes(new Date(wall + 86_400_000), timeZone),
  ]);
  const matching = [...offsets]
    .map((off) => wall - off * 60_000)
    .filter((t) => offsetMinutes(new Date(t), timeZone) === Math.round((wall - t) / 60_000))
    .sort((a, b) => a - b);
  if (matching.length) return new Date(matching[0]).toISOString();
  // In a gap: use the offset from before the change, which lands after it.
  return new Date(wall - offsetMinutes(new Date(wall - 86_400_000), timeZone) * 60_000).toISOString();
}
