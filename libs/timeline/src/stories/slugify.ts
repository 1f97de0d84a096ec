import { randomBytes } from 'node:crypto';

// Latin titles give readable slugs; other scripts (Arabic) fall back to a short random one,
// which the newsroom can replace with its own.
export function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return base.length >= 3 ? base : `story-${randomBytes(4).toString('hex')}`;
}
