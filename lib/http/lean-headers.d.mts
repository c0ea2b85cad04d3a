/** A Web Headers' interface over a plain object of lower-case names (see lean-headers.mjs). */
export declare class LeanHeaders {
  constructor(values?: Record<string, string | string[] | undefined>);
  /** The underlying object: what the lean server writes out. */
  readonly raw: Record<string, string | string[]>;
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  delete(name: string): void;
  getSetCookie(): string[];
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
  forEach(callback: (value: string, name: string, parent: LeanHeaders) => void, thisArg?: unknown): void;
}
