export const SITE_NAME = 'Liveline';

/** Every public address of a story, from the service's public origin. */
export function storyUrls(origin: string, slug: string) {
  const pagePath = `/stories/${encodeURIComponent(slug)}`;
  const page = origin + pagePath;
  return {
    pagePath,
    page,
    embedPath: `/embed/${encodeURIComponent(slug)}`,
    embed: `${origin}/embed/${encodeURIComponent(slug)}`,
    atom: `${page}/feed.atom`,
    rss: `${page}/feed.rss`,
    json: `${page}/feed.json`,
    oembed: `${origin}/oembed?url=${encodeURIComponent(page)}&format=json`,
  };
}
