/**
 * Coalesces concurrent lookups of one key into one query, without serving a caller a
 * result that was read before it asked: a caller that arrives while a lookup is in flight
 * waits for the next one, which all such callers share. A lookup starts on the event loop's
 * next check phase (setImmediate), so every caller of one turn (the messages of all the
 * sockets that became readable together) shares it even when a read finishes faster than the
 * next message is handled, as PGlite's do.
 */
export class BatchedLookup<T> {
  /** Reads started and not settled; a caller arriving now waits for the next read. */
  private readonly inFlight = new Map<string, Promise<T>>();
  /** The next read, not started yet: every caller arriving now shares it. */
  private readonly waiting = new Map<string, Promise<T>>();

  constructor(private readonly read: (key: string) => Promise<T>) {}

  lookup(key: string): Promise<T> {
    const waiting = this.waiting.get(key);
    if (waiting) return waiting;
    const running = this.inFlight.get(key);
    const next = (running ? running.then(settled, settled) : Promise.resolve())
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => {
        this.waiting.delete(key);
        const reading = this.read(key);
        this.inFlight.set(key, reading);
        return reading.finally(() => {
          if (this.inFlight.get(key) === reading) this.inFlight.delete(key);
        });
      });
    this.waiting.set(key, next);
    return next;
  }
}

const settled = (): void => undefined;
