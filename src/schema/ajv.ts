import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Options } from 'ajv';
import { clip, inert } from '../text/inert.js';
import { closest } from '../text/closest.js';

// ajv and ajv-formats (CommonJS) are required on the first createAjv(), not at import: a run whose schemas are
// all precompiled (see validators.ts) never loads them.
const require = createRequire(import.meta.url);

/**
 * An ajv instance that reports all errors and knows the standard formats (date, uri, …). `verbose` keeps
 * each error's schema, which lets unknown fields get a did-you-mean. `source` keeps the generated code, for
 * standalone (precompiled) validators.
 */
export function createAjv(options: { verbose?: boolean; source?: boolean } = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as { Ajv: new (options: Options) => Ajv };
  const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    verbose: options.verbose ?? false,
    ...(options.source ? { code: { source: true } } : {}),
  });
  addFormats(ajv);
  return ajv;
}
export interface DescribeOptions {
  /** Message for a key that breaks a `propertyNames` rule (e.g. a malformed rule id), by parent path. */
  badKey?: (parentPath: string, key: string) => string | undefined;
}

/** ajv errors → (JSON pointer, message) pairs a person can act on; file-derived text made inert. */
export function describeAjvErrors(
  errors: ErrorObject[] | null | undefined,
  options: DescribeOptions = {},
): Array<{ path: string; message: string }> {
  const described: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    let path = safePointer(error.instancePath) || '/';
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      const property = String((error.params as { additionalProperty?: string }).additionalProperty);
      path = `${safePointer(error.instancePath)}/${pointerSegment(property)}`;
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closest(property, known.filter((name) => !name.startsWith('$')));
      message = `unknown field${hint ? ` (did you mean "${hint}"?)` : known.length > 0 ? ` (known fields: ${known.filter((name) => !name.startsWith('$')).join(', ')})` : ''}`;
    } else if (error.propertyName !== undefined) {
      // A key that breaks propertyNames: name the key itself, not its parent.
      path = `${safePointer(error.instancePath)}/${pointerSegment(error.propertyName)}`;
      message = options.badKey?.(error.instancePath, error.propertyName) ?? `invalid key: ${message}`;
    } else if (error.keyword === 'propertyNames') {
      continue; // the error on the key itself (above) says what is wrong
    } else if (error.keyword === 'enum') {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      message = `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
    } else if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      continue; // the branch errors say what is wrong
    }
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      described.push({ path, message });
    }
  }
  return described;
}

/** One JSON pointer segment from a key: escaped, clipped and inert. */
export function pointerSegment(key: string): string {
  return inert(clip(key.replace(/~/g, '~0').replace(/\//g, '~1'), 120));
}

/** An ajv instance path (already escaped) with each segment clipped and made inert. */
function safePointer(instancePath: string): string {
  if (!instancePath) return '';
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => `/${inert(clip(segment, 120))}`)
    .join('');
}
