/**
 * Coalesces concurrent lookups of one key into one query, without serving a caller a
 * result that was read before it asked: a caller that arrives while a lookup is in flight
 * waits for the next one, which all such callers share.
 */
export class BatchedLookup<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly next = new Map<string, Promise<T>>();

  constructor(private readonly read: (key: string) => Promise<T>) {}

  lookup(key: string): Promise<T> {
    const running = this.inFlight.get(key);
    if (!running) return this.start(key);
    let queued = this.next.get(key);
    if (!queued) {
      queued = running
        .catch(() => undefined)
        .then(() => {
          this.next.delete(key);
          return this.start(key);
        });
      this.next.set(key, queued);
    }
    return queued;
  }

  private start(key: string): Promise<T> {
    const p = this.read(key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }
}
