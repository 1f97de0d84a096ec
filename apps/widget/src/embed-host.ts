// The host page's side of the iframe embed: sizes each Liveline frame to its content.
// Include it once or many times; each copy only ever sets frame heights.
type Message = { type?: string; height?: unknown };

function start(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.src) return;
  const origin = new URL(script.src).origin;
  const frames = () =>
    [...document.querySelectorAll<HTMLIFrameElement>('iframe')].filter((f) => f.src.startsWith(`${origin}/embed/`));

  window.addEventListener('message', (e) => {
    if (e.origin !== origin) return;
    const data = e.data as Message | null;
    if (data?.type !== 'liveline:resize' || typeof data.height !== 'number' || !(data.height >= 0)) return;
    for (const frame of frames())
      if (frame.contentWindow === e.source) frame.style.height = `${Math.ceil(data.height)}px`;
  });
  // A frame that loaded before this script already reported its height to no one: ask again.
  const measure = () => {
    for (const frame of frames()) frame.contentWindow?.postMessage({ type: 'liveline:measure' }, origin);
  };
  measure();
  for (const frame of frames()) frame.addEventListener('load', measure);
}

start();
