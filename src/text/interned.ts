/**
 * One shared copy of each distinct value, found by a key naming its content: values that many records
 * repeat (a grant's access levels, its grantee, an account id) are held once, however many records carry them.
 */
export class Interned<T> {
  private readonly values = new Map<string, T>();

  /** The shared value of `key`, made by `make` the first time the key is asked for. */
  of(key: string, make: () => T): T {
    let value = this.values.get(key);
    if (value === undefined) this.values.set(key, (value = make()));
    return value;
  }
}

/**
 * JSON values interned by their text: each distinct text once, as a deeply frozen copy, so a shared value
 * cannot change under the records holding it (and the caller's own value stays the caller's). Members in
 * the same order make the same text: a shared copy writes exactly as each value it stands for.
 */
export class InternedJson {
  private readonly copies = new Interned<unknown>();

  of<T extends object>(value: T): T {
    const text = JSON.stringify(value);
    return this.copies.of(text, () => deepFreeze(JSON.parse(text) as unknown)) as T;
  }
}

/** Interned strings: equal strings read from different records become one. */
export class InternedStrings {
  private readonly strings = new Interned<string>();

  of(value: string): string {
    return this.strings.of(value, () => value);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
