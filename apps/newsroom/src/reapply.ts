// Re-applying an edit after a 412: every field the user changed from the version they started
// from keeps the user's value; every field they left alone takes the newer server value.
// Pure, so it can be unit-tested without a browser.
export interface EditableFields {
  headline: string;
  body: string;
  /** datetime-local text, '' for "when published". */
  occurredAt: string;
  keyEvent: boolean;
  pinned: boolean;
}

export const EDITABLE_FIELDS: (keyof EditableFields)[] = ['headline', 'body', 'occurredAt', 'keyEvent', 'pinned'];

export function changedFields(base: EditableFields, mine: EditableFields): (keyof EditableFields)[] {
  return EDITABLE_FIELDS.filter((k) => base[k] !== mine[k]);
}

export function reapply(base: EditableFields, mine: EditableFields, theirs: EditableFields): EditableFields {
  const out = { ...theirs };
  for (const k of changedFields(base, mine)) (out as Record<string, unknown>)[k] = mine[k];
  return out;
}
