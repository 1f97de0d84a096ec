import { changedFields, reapply, type EditableFields } from './reapply';

const fields = (over: Partial<EditableFields> = {}): EditableFields => ({
  headline: 'Winds reach 120 km/h',
  body: '<p>The coast guard says stay indoors.</p>',
  occurredAt: '',
  keyEvent: false,
  pinned: false,
  ...over,
});

describe('reapply after a 412', () => {
  it('keeps my changed fields and takes theirs for the fields I left alone', () => {
    const base = fields();
    const mine = fields({ body: '<p>The coast guard says stay indoors until noon.</p>' });
    const theirs = fields({ headline: 'Winds reach 130 km/h', keyEvent: true });
    expect(reapply(base, mine, theirs)).toEqual({
      ...theirs,
      body: '<p>The coast guard says stay indoors until noon.</p>',
    });
  });

  it('lets my edit win on a field we both changed', () => {
    const base = fields();
    const mine = fields({ headline: 'Winds reach 140 km/h' });
    const theirs = fields({ headline: 'Winds reach 130 km/h' });
    expect(reapply(base, mine, theirs).headline).toBe('Winds reach 140 km/h');
  });

  it('returns their version unchanged when I changed nothing', () => {
    const theirs = fields({ pinned: true });
    expect(reapply(fields(), fields(), theirs)).toEqual(theirs);
  });

  it('lists exactly the fields that differ from the version I started from', () => {
    expect(changedFields(fields(), fields({ pinned: true, occurredAt: '2024-10-21T09:30' }))).toEqual([
      'occurredAt',
      'pinned',
    ]);
  });
});
