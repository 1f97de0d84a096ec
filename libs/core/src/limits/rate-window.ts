/** Every rate budget counts over a sliding minute. */
export const RATE_WINDOW_MS = 60_000;
