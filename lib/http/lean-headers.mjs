// Headers for the lean /v1 path (scripts/lean-v1.mjs and the LeanResponses of lib/http/response.ts):
// the interface of a Web `Headers` over a plain object of lower-case names, as Node parses a request's
// headers and undici an answer's. A real Headers validates and copies every name and value again and
// sorts them on every read; these take the object as it is. Plain JavaScript, so that the lean server
// (which Next.js does not build) and the route handlers (which it does) share the one class.

const hasOwn = Object.prototype.hasOwnProperty;
// As a Headers does: a value written loses the HTTP whitespace around it (Node's parser trims it too).
const normalize = (value) => String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");

export class LeanHeaders {
  /** @type {Record<string, string | string[]>} */
  #values;

  /**
   * @param {Record<string, string | string[] | undefined>} [values] lower-case names (taken as they
   *   are, not copied: the caller hands them over); a list is a header sent more than once.
   */
  constructor(values) {
    this.#values = values ?? Object.create(null);
  }

  /** The underlying object (lower-case names): what the lean server writes out. */
  get raw() {
    return this.#values;
  }

  get(name) {
    const key = name.toLowerCase();
    if (!hasOwn.call(this.#values, key)) return null;
    const value = this.#values[key];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name) {
    return this.get(name) !== null;
  }

  set(name, value) {
    this.#values[name.toLowerCase()] = normalize(value);
  }

  append(name, value) {
    const key = name.toLowerCase();
    const added = normalize(value);
    const existing = hasOwn.call(this.#values, key) ? this.#values[key] : undefined;
    if (existing === undefined) this.#values[key] = added;
    else if (key === "set-cookie") this.#values[key] = [...(Array.isArray(existing) ? existing : [existing]), added];
    else this.#values[key] = `${Array.isArray(existing) ? existing.join(", ") : existing}, ${added}`;
  }

  delete(name) {
    delete this.#values[name.toLowerCase()];
  }

  getSetCookie() {
    const value = hasOwn.call(this.#values, "set-cookie") ? this.#values["set-cookie"] : undefined;
    if (value === undefined) return [];
    return Array.isArray(value) ? [...value] : [value];
  }

  /** In insertion order (a Web Headers sorts its names; nothing here depends on the order); each Set-Cookie on its own, as there. */
  *entries() {
    for (const name of Object.keys(this.#values)) {
      if (name === "set-cookie") for (const cookie of this.getSetCookie()) yield [name, cookie];
      else {
        const value = this.get(name);
        if (value !== null) yield [name, value];
      }
    }
  }

  *keys() {
    for (const [name] of this.entries()) yield name;
  }

  *values() {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  forEach(callback, thisArg) {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }
}
