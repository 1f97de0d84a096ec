import { createHash } from 'node:crypto';

// What a create request asks for, after defaults and normalization, so that two spellings of the
// same request (status omitted or given as its default, an equal instant in another offset) match.
export interface CreateRequestFields {
  headline: string;
  body: string;
  occurredAt: Date | null;
  keyEvent: boolean;
  pinned: boolean;
  status: string;
  scheduledAt: Date | null;
}

export type RequestFingerprint = Record<keyof CreateRequestFields, string>;

const hash = (value: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('base64url')
    .slice(0, 22);

/** One short hash per field: a mismatch can then name the fields that differ. */
export function fingerprintOf(f: CreateRequestFields): RequestFingerprint {
  return {
    headline: hash(f.headline),
    body: hash(f.body),
    occurredAt: hash(f.occurredAt?.toISOString()),
    keyEvent: hash(f.keyEvent),
    pinned: hash(f.pinned),
    status: hash(f.status),
    scheduledAt: hash(f.scheduledAt?.toISOString()),
  };
}

/** Names of the fields whose hashes differ (a field missing on either side differs). */
export function differingFields(first: Record<string, string>, again: RequestFingerprint): string[] {
  const names = new Set([...Object.keys(first), ...Object.keys(again)]);
  return [...names].filter((n) => first[n] !== (again as Record<string, string>)[n]).sort();
}
