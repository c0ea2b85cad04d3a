/**
 * Something opened once per process (the price book, the key-limit counters): one promise shared by
 * every caller while it opens, and, once it has, the value itself, for the proxy's hot path, which
 * must not wait a tick for it. A failed open empties the slot, so the next caller tries again.
 */
export interface Opened<T> {
  pending: Promise<T> | undefined;
  ready: T | undefined;
}

export const notOpened = <T>(): Opened<T> => ({ pending: undefined, ready: undefined });

/** The slot's value, or the open under way, or a new one started with `open`. */
export function openOnce<T>(slot: Opened<T>, open: () => Promise<T>): Promise<T> {
  if (slot.pending) return slot.pending;
  const pending = open();
  slot.pending = pending;
  // A slot emptied meanwhile (a cache invalidated, a shutdown) is not filled by an older open.
  pending.then(
    (value) => {
      if (slot.pending === pending) slot.ready = value;
    },
    () => {
      if (slot.pending === pending) slot.pending = undefined;
    },
  );
  return pending;
}

/** Forgets what was opened: the next caller opens it afresh. Returns the open that was there. */
export function forget<T>(slot: Opened<T>): Promise<T> | undefined {
  const pending = slot.pending;
  slot.pending = undefined;
  slot.ready = undefined;
  return pending;
}
