import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** An ajv instance that reports all errors and knows the standard formats (date, uri, …). */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  (addFormats as unknown as (ajv: Ajv) => Ajv)(ajv);
  return ajv;
}

/** ajv errors → (JSON pointer, message) pairs a person can act on. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): Array<{ path: string; message: string }> {
  const described: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    let path = error.instancePath || '/';
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      const property = String((error.params as { additionalProperty?: string }).additionalProperty);
      path = `${error.instancePath}/${property}`;
      message = 'unknown field';
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
