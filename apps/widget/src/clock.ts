// One timer for every view on the page keeps relative times ("5 minutes ago") current.
const TICK_MS = 20_000;
const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  const now = Date.now();
  for (const listener of listeners) listener(now);
}

function onVisible(): void {
  // Background tabs throttle timers; catch up the moment the reader looks again.
  if (document.visibilityState === 'visible') tick();
}

export function onClockTick(listener: (now: number) => void): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(tick, TICK_MS);
    document.addEventListener('visibilitychange', onVisible);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
      document.removeEventListener('visibilitychange', onVisible);
    }
  };
}
