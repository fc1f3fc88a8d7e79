import { canonicalHeaderName, headerKey } from './header-names.js';

/**
 * The ordered header fields of a message. Each entry is one field value; a
 * list header received as "Via: a, b" is stored as two entries by the parser,
 * so getAll('Via') is the list in order. Names are matched case-insensitively
 * and compact forms are equivalent (RFC 3261 §7.3.3).
 */
export class SipHeaders {
  // parallel arrays: the lookup key and the value of each field (the name
  // written on output is canonicalHeaderName(key), a cached lookup)
  private keys: string[] = [];
  private values: string[] = [];

  static from(entries: Iterable<[string, string]>): SipHeaders {
    const h = new SipHeaders();
    for (const [n, v] of entries) h.append(n, v);
    return h;
  }

  get size(): number {
    return this.keys.length;
  }

  /** First value of the header, or undefined. */
  get(name: string): string | undefined {
    const i = this.keys.indexOf(headerKey(name));
    return i < 0 ? undefined : this.values[i];
  }

  /** First value for an already-normalised key ('via', 'call-id'): get() without the name lookup. */
  getByKey(key: string): string | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }

  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) out.push(this.values[i]!);
    return out;
  }

  has(name: string): boolean {
    return this.keys.includes(headerKey(name));
  }

  /** Add at the end (in the order written). */
  append(name: string, value: string): this {
    this.keys.push(headerKey(name));
    this.values.push(value);
    return this;
  }

  /**
   * Append with the key already known (the parser's fast path; `key` must
   * be headerKey() of the name).
   * @internal
   */
  appendKnown(key: string, value: string): void {
    this.keys.push(key);
    this.values.push(value);
  }

  /**
   * The parallel key / value arrays, read-only, for the serializer's loop
   * (no iterator objects per message).
   * @internal
   */
  columns(): { keys: readonly string[]; values: readonly string[] } {
    return { keys: this.keys, values: this.values };
  }

  /**
   * A copy that starts with `name: value` and has no other field of that
   * name, the rest in order: a request as its UA sends it, with its one Via
   * first (RFC 3261 §8.1.1.7, §7.3.1).
   */
  copyWithFirst(name: string, value: string): SipHeaders {
    const key = headerKey(name);
    const h = new SipHeaders();
    h.keys.push(key);
    h.values.push(value);
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === key) continue;
      h.keys.push(this.keys[i]!);
      h.values.push(this.values[i]!);
    }
    return h;
  }

  /** Add before every other header of the same name (a new top Via / Record-Route). */
  prepend(name: string, value: string): this {
    const key = headerKey(name);
    const i = this.keys.indexOf(key);
    const at = i < 0 ? this.keys.length : i;
    this.keys.splice(at, 0, key);
    this.values.splice(at, 0, value);
    return this;
  }

  /** Replace every value of the header by one value (or several). */
  set(name: string, value: string | string[]): this {
    const key = headerKey(name);
    const first = this.keys.indexOf(key);
    this.remove(name);
    const list = Array.isArray(value) ? value : [value];
    const at = first < 0 ? this.keys.length : first;
    this.keys.splice(at, 0, ...list.map(() => key));
    this.values.splice(at, 0, ...list);
    return this;
  }

  /** Remove every value of the header. Returns how many were removed. */
  remove(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] === key) {
        this.keys.splice(i, 1);
        this.values.splice(i, 1);
        n++;
      }
    }
    return n;
  }

  /** Remove the first value of the header (the top Via of a response on its way back). */
  removeFirst(name: string): string | undefined {
    const i = this.keys.indexOf(headerKey(name));
    if (i < 0) return undefined;
    const v = this.values[i];
    this.keys.splice(i, 1);
    this.values.splice(i, 1);
    return v;
  }

  /** [canonical name, value] pairs in order. */
  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.keys.length; i++) yield [canonicalHeaderName(this.keys[i]!), this.values[i]!];
  }

  clone(): SipHeaders {
    const h = new SipHeaders();
    h.keys = this.keys.slice();
    h.values = this.values.slice();
    return h;
  }
}
