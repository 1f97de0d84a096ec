import { slugify } from './slugify';

describe('slugify', () => {
  it('makes readable slugs from Latin titles', () => {
    expect(slugify('Austin in Kyiv: $400m package!')).toBe('austin-in-kyiv-400m-package');
    expect(slugify('Élections à Montréal')).toBe('elections-a-montreal');
  });

  it('falls back to a random slug for other scripts', () => {
    expect(slugify('أوستن في كييف')).toMatch(/^story-[0-9a-f]{8}$/);
  });
});
