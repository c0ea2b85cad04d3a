/**
 * One instance per process. Next.js may load a module once per route bundle; state that must be
 * shared (caches, the usage queue, connection pools) lives on globalThis under a symbol instead.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = Symbol.for(`keygate.${name}`);
  const store = globalThis as Record<symbol, unknown>;
  if (!(slot in store)) store[slot] = create();
  return store[slot] as T;
}
