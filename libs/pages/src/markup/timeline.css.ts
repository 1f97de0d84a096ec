// One stylesheet for the reader page, the embed and the widget's shadow root. Logical properties
// (inline-start/end) only, so right-to-left needs no separate rules.
import { EMBED_CSS } from './embed-card';

export const TIMELINE_CSS =
  `
.ll-root{--ll-bg:#fff;--ll-fg:#1a1a1a;--ll-muted:#5f6368;--ll-line:#e3e3e3;--ll-accent:#c4151c;--ll-key:#8a5a00;--ll-key-bg:#fff5e0;--ll-card:#fafafa;--ll-link:#0b57d0;
  color:var(--ll-fg);background:var(--ll-bg);font:16px/1.65 system-ui,-apple-system,"Segoe UI","Noto Sans Arabic","Noto Naskh Arabic","DejaVu Sans",Tahoma,sans-serif;
  box-sizing:border-box;padding:1rem}
.ll-root[data-theme=dark]{--ll-bg:#15171a;--ll-fg:#ececec;--ll-muted:#a3a7ad;--ll-line:#30343a;--ll-accent:#ff5a5f;--ll-key:#ffc46b;--ll-key-bg:#2b2416;--ll-card:#1c1f23;--ll-link:#8ab4f8}
@media (prefers-color-scheme:dark){.ll-root[data-theme=auto]{--ll-bg:#15171a;--ll-fg:#ececec;--ll-muted:#a3a7ad;--ll-line:#30343a;--ll-accent:#ff5a5f;--ll-key:#ffc46b;--ll-key-bg:#2b2416;--ll-card:#1c1f23;--ll-link:#8ab4f8}}
.ll-root *,.ll-root *::before,.ll-root *::after{box-sizing:inherit}
.ll-root a{color:var(--ll-link)}
.ll-root [hidden]{display:none!important}
.ll-story{border-block-end:1px solid var(--ll-line);padding-block-end:.75rem;margin-block-end:1rem}
.ll-status{margin:0}
.ll-status-badge{display:inline-flex;align-items:center;gap:.4em;font-size:.8rem;font-weight:700;color:var(--ll-accent);text-transform:uppercase;letter-spacing:.02em}
.ll-status[data-status=live] .ll-status-badge::before{content:"";inline-size:.6em;block-size:.6em;border-radius:50%;background:var(--ll-accent);animation:ll-pulse 1.6s ease-in-out infinite}
.ll-status[data-status=ended] .ll-status-badge{color:var(--ll-muted)}
@keyframes ll-pulse{50%{opacity:.25}}
@media (prefers-reduced-motion:reduce){.ll-status-badge::before{animation:none!important}.ll-fresh{animation:none!important}}
.ll-title{font-size:1.6rem;line-height:1.35;margin:.25rem 0 .5rem}
.ll-title a{color:inherit;text-decoration:none}
.ll-summary{margin:0 0 .5rem;font-size:1.05rem}
.ll-coverage{margin:0;color:var(--ll-muted);font-size:.85rem}
.ll-clock{margin:.25rem 0 0;color:var(--ll-muted);font-size:.85rem;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem}
.ll-clock-switch{min-block-size:44px;padding:.25rem .75rem;border:1px solid var(--ll-line);border-radius:.35rem;background:none;color:var(--ll-link);font:inherit;cursor:pointer}
.ll-clock-switch:focus-visible{outline:3px solid var(--ll-link);outline-offset:2px}
.ll-key-events{background:var(--ll-card);border:1px solid var(--ll-line);border-radius:.5rem;padding:.5rem 1rem;margin-block-end:1rem}
.ll-key-events h2{font-size:1rem;margin:.25rem 0}
.ll-key-events ol{margin:0;padding-inline-start:1.25rem}
.ll-key-events li{margin-block:.3rem}
.ll-key-events a{text-decoration:none}
.ll-key-events a:hover .ll-key-title{text-decoration:underline}
.ll-root:lang(ar) .ll-key-events ol{list-style-type:arabic-indic}
.ll-key-time{color:var(--ll-muted);font-size:.85rem;margin-inline-end:.35rem}
.ll-pinned{border:2px solid var(--ll-accent);border-radius:.5rem;padding:0 1rem;margin-block-end:1rem}
.ll-pinned .ll-entry{border:0}
.ll-announcer{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.ll-new-bar{position:sticky;inset-block-start:.5rem;z-index:2;block-size:0;display:flex;justify-content:center;overflow:visible}
.ll-new{margin:0;padding:.45rem 1.1rem;border:0;border-radius:2rem;background:var(--ll-accent);color:#fff;font:inherit;font-size:.9rem;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)}
.ll-new:focus-visible,.ll-older:focus-visible{outline:3px solid var(--ll-link);outline-offset:2px}
.ll-top{block-size:1px}
.ll-entry{border-block-end:1px solid var(--ll-line);padding-block:1rem;scroll-margin-block-start:3rem}
.ll-entry-key{border-inline-start:4px solid var(--ll-key);padding-inline-start:.75rem}
.ll-entry:target{background:var(--ll-key-bg)}
.ll-entry-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;font-size:.85rem;color:var(--ll-muted)}
.ll-permalink{color:var(--ll-accent)!important;font-weight:700;text-decoration:none}
.ll-permalink:hover{text-decoration:underline}
.ll-badge{font-size:.75rem;font-weight:700;border-radius:.25rem;padding:0 .4rem}
.ll-badge-key{background:var(--ll-key-bg);color:var(--ll-key)}
.ll-badge-pinned{background:var(--ll-accent);color:#fff}
.ll-updated{font-style:italic}
.ll-headline{font-size:1.15rem;line-height:1.45;margin:.35rem 0}
.ll-body{overflow-wrap:anywhere}
.ll-body>:first-child{margin-block-start:.25rem}
.ll-body>:last-child{margin-block-end:.25rem}
.ll-body img,.ll-body video{max-inline-size:100%;block-size:auto}
.ll-body picture.ll-media{display:block}
.ll-body picture.ll-media img{display:block;inline-size:100%;block-size:auto;background:var(--ll-line)}
.ll-body figure{margin-inline:0}
.ll-body figcaption{font-size:.875em;color:var(--ll-muted);margin-block-start:.25rem}
.ll-gallery{display:flex;gap:.5rem;overflow-x:auto;scroll-snap-type:x mandatory;overscroll-behavior-x:contain;-webkit-overflow-scrolling:touch}
.ll-gallery>figure,.ll-gallery picture.ll-media{flex:0 0 88%;scroll-snap-align:center;margin:0}
.ll-gallery:focus-visible{outline:2px solid currentColor;outline-offset:2px}
.ll-body blockquote{margin-inline:0;padding-inline-start:1rem;border-inline-start:3px solid var(--ll-line);color:var(--ll-muted)}
.ll-entry-foot{font-size:.8rem;color:var(--ll-muted)}
.ll-fresh{animation:ll-fresh 2.5s ease-out}
@keyframes ll-fresh{from{background:var(--ll-key-bg)}}
.ll-empty{color:var(--ll-muted)}
.ll-paging{display:flex;justify-content:space-between;gap:1rem;padding-block:1rem}
.ll-older{margin-inline-start:auto;padding:.45rem 1rem;border:1px solid var(--ll-line);border-radius:.35rem;text-decoration:none;cursor:pointer}
.ll-older[aria-busy=true]{opacity:.6;pointer-events:none}
.ll-offline{color:var(--ll-muted);font-size:.85rem}
.ll-footer{color:var(--ll-muted);font-size:.85rem;border-block-start:1px solid var(--ll-line);padding-block-start:.75rem}
.ll-footer a{margin-inline-end:.75rem}
body.ll-root{margin:0}
body.ll-page{min-block-size:100vh}
.ll-page>*{max-inline-size:46rem;margin-inline:auto}
body.ll-embed{padding:.75rem}
` + EMBED_CSS;
