import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webAssetsDir } from '@liveline/core';
import { rendered, type Rendered } from '../http-cache';
import { TIMELINE_CSS } from '../markup/timeline.css';
import { PagesException } from '../pages.exception';

export const SCRIPT_ASSETS = ['widget.js', 'reader.js', 'embed-host.js'] as const;
export type ScriptAsset = (typeof SCRIPT_ASSETS)[number];
export type WebAsset = ScriptAsset | 'reader.css';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

// The browser bundles built by scripts/build-web.mjs, and the timeline stylesheet, held in
// memory with their hash: pages link `?v=<hash>` so those URLs can be cached for a year.
@Injectable()
export class WebAssets {
  private readonly dir = webAssetsDir('widget.js');
  private readonly loaded = new Map<WebAsset, Rendered>();

  get(name: WebAsset): Rendered {
    let asset = this.loaded.get(name);
    if (!asset) {
      asset = name === 'reader.css' ? rendered(TIMELINE_CSS, CSS) : this.read(name);
      this.loaded.set(name, asset);
    }
    return asset;
  }

  /** The versioned URL path of an asset; a missing bundle still links (it 404s until built). */
  path(name: WebAsset): string {
    try {
      return `/${name}?v=${this.version(this.get(name))}`;
    } catch {
      return `/${name}`;
    }
  }

  version(asset: Rendered): string {
    return asset.etag.slice(1, 13);
  }

  private read(name: ScriptAsset): Rendered {
    const file = join(this.dir, name);
    if (!existsSync(file)) throw PagesException.assetNotBuilt(name);
    return rendered(readFileSync(file, 'utf8'), JS);
  }
}
