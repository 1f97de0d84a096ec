import type { Story } from '@liveline/contracts';

/** What the server hands the reader script in `<script type="application/json" id="liveline-state">`. */
export interface ReaderState {
  mode: 'page' | 'embed';
  story: Story;
  /** The story's head seq the rendered HTML reflects; live updates resume after it. */
  seq: number;
  limit: number;
  nextCursor: string | null;
  /** Path of this surface for the story (`/stories/slug` or `/embed/slug`); paging adds `?before=`. */
  pagePath: string;
  /** Absolute URL of the story's reader page: permalinks and JSON-LD point there. */
  pageUrl: string;
  /** Rendered for `?before=`: an older stretch, so new entries are offered as a link. */
  paged: boolean;
  site: { siteName: string; siteUrl: string };
  /** How many updates the JSON-LD carries. */
  jsonLdLimit: number;
}

export const READER_STATE_ID = 'liveline-state';
