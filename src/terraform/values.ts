/**
 * Planned values with their unknowns. `after` omits unknown values (absent keys, `null` list elements) and
 * only `after_unknown` tells them apart from unset ones; the two are merged into one tree where every
 * unknown leaf is the `UNKNOWN` marker. Adapters read the tree only through `Val`, whose readers throw
 * `KnownAfterApply` on an unknown: an attribute built from an unknown leaf can never become a value.
 */

/** The marker of a value Terraform knows only after apply. */
export const UNKNOWN: unique symbol = Symbol('known after apply');
export type Unknown = typeof UNKNOWN;

/** Merges `after` and `after_unknown` (a leaf `true` = unknown; `false`/`{}` = known). */
export function withUnknowns(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    const length = Math.max(list.length, unknown.length);
    return Array.from({ length }, (_, index) => withUnknowns(list[index], unknown[index]));
  }
  if (typeof unknown === 'object' && unknown !== null) {
    const base =
      typeof after === 'object' && after !== null && !Array.isArray(after)
        ? (after as Record<string, unknown>)
        : undefined;
    const entries = Object.entries(unknown as Record<string, unknown>);
    if (!base) {
      // `after` is null while parts are unknown: the object exists, with those parts unknown.
      if (!entries.some(([, inner]) => containsTrue(inner))) return after;
      return Object.fromEntries(entries.map(([key, inner]) => [key, withUnknowns(undefined, inner)]));
    }
    const merged: Record<string, unknown> = { ...base };
    for (const [key, inner] of entries) merged[key] = withUnknowns(base[key], inner);
    return merged;
  }
  return after;
}

function containsTrue(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsTrue);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsTrue);
  return false;
}

export function hasUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasUnknown);
  return false;
}

/** An attribute a rule needs is known only after apply (becomes a `KnownAfterApply` collection error). */
export class KnownAfterApply extends Error {
  override name = 'KnownAfterApply';
  constructor(
    readonly address: string,
    readonly path: string,
    readonly why = 'is known only after apply',
  ) {
    super(`${address}: ${path || 'the value'} ${why}`);
  }
}

/** The plan holds a value of the wrong shape for its attribute: the plan is judged unreadable there. */
export class PlanShapeError extends Error {
  override name = 'PlanShapeError';
}

export type PathStep = string | number;

export function formatPath(path: PathStep[]): string {
  return path
    .map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`))
    .join('');
}

/** A read-only cursor into one instance's planned values. */
export class Val {
  constructor(
    readonly address: string,
    readonly value: unknown,
    readonly path: PathStep[] = [],
  ) {}

  get(step: PathStep): Val {
    const inner =
      typeof step === 'number'
        ? Array.isArray(this.known())
          ? (this.value as unknown[])[step]
          : undefined
        : isObject(this.known())
          ? (this.value as Record<string, unknown>)[step]
          : undefined;
    return new Val(this.address, inner, [...this.path, step]);
  }

  /** Nested blocks are lists even when at most one is allowed: the first block, or an unset value. */
  block(step: string): Val {
    const list = this.get(step);
    return Array.isArray(list.known()) ? list.get(0) : list;
  }

  isUnknown(): boolean {
    return this.value === UNKNOWN;
  }

  hasUnknown(): boolean {
    return hasUnknown(this.value);
  }

  /** Throws when this value is unknown (not its parts); returns it. */
  known(): unknown {
    if (this.value === UNKNOWN) throw new KnownAfterApply(this.address, formatPath(this.path));
    return this.value;
  }

  /** The value with no unknown anywhere inside, or a throw naming the first unknown. */
  deep(): unknown {
    const first = firstUnknown(this.value, this.path);
    if (first) throw new KnownAfterApply(this.address, formatPath(first));
    return this.value;
  }

  isNull(): boolean {
    const value = this.known();
    return value === null || value === undefined;
  }

  str(): string | null {
    const value = this.known();
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string')
      throw new PlanShapeError(`${this.address}: ${formatPath(this.path)} is not a string`);
    return value;
  }

  bool(): boolean | null {
    const value = this.known();
    if (value === null || value === undefined) return null;
    if (typeof value !== 'boolean')
      throw new PlanShapeError(`${this.address}: ${formatPath(this.path)} is not a boolean`);
    return value;
  }

  num(): number | null {
    const value = this.known();
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    if (typeof value !== 'number')
      throw new PlanShapeError(`${this.address}: ${formatPath(this.path)} is not a number`);
    return value;
  }

  /** Elements of a list or set (unset = empty). */
  list(): Val[] {
    const value = this.known();
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value))
      throw new PlanShapeError(`${this.address}: ${formatPath(this.path)} is not a list`);
    return value.map((_, index) => this.get(index));
  }

  /** A list of strings with every element known. */
  strings(): string[] {
    return this.list().map((item) => {
      const value = item.str();
      if (value === null) throw new PlanShapeError(`${this.address}: ${formatPath(item.path)} is null`);
      return value;
    });
  }

  /** Map entries (tags). */
  entries(): Array<[string, Val]> {
    const value = this.known();
    if (value === null || value === undefined) return [];
    if (!isObject(value)) throw new PlanShapeError(`${this.address}: ${formatPath(this.path)} is not a map`);
    return Object.keys(value).map((key) => [key, this.get(key)]);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstUnknown(value: unknown, path: PathStep[]): PathStep[] | undefined {
  if (value === UNKNOWN) return path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstUnknown(item, [...path, index]);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstUnknown(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
