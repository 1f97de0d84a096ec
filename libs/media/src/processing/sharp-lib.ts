import type SharpModule from 'sharp';

type Sharp = typeof SharpModule;

// sharp brings libvips (about 20 MB resident): loaded on the first image, not at start, so a
// process that never renders one (most readers' processes) never pays for it.
let settings = { threads: 0 };
let loading: Promise<Sharp> | undefined;

/** How sharp runs once it is loaded: libvips threads per image (0: one per core), no operation cache. */
export function configureSharp(s: { threads: number }): void {
  settings = s;
}

export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then((m) => {
    const sharp = (m as unknown as { default?: Sharp }).default ?? (m as unknown as Sharp);
    sharp.concurrency(settings.threads);
    // Renditions are written once; libvips' operation cache would only hold memory.
    sharp.cache(false);
    return sharp;
  });
  return loading;
}
