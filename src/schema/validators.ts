import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';

const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();

export type StaticSchema =
  | 'policy.schema.json'
  | 'inventory.schema.json'
  | 'report.schema.json'
  | 'inventory-resource.schema.json'
  | 'report-finding.schema.json';

/**
 * The published schemas, by file name, with the ajv options their validators are built with; and parts of
 * them (`part`: a JSON pointer into another schema), for documents read one element at a time: one resource
 * of an inventory, one finding of a report.
 */
export const STATIC_SCHEMAS: Readonly<Record<StaticSchema, { verbose: boolean; part?: { of: StaticSchema; pointer: string } }>> = {
  'policy.schema.json': { verbose: true },
  'inventory.schema.json': { verbose: false },
  'report.schema.json': { verbose: false },
  'inventory-resource.schema.json': { verbose: false, part: { of: 'inventory.schema.json', pointer: '/properties/resources/items' } },
  'report-finding.schema.json': { verbose: false, part: { of: 'report.schema.json', pointer: '/properties/findings/items' } },
};

/** A published schema, or a part of one with the definitions its references need. */
export function staticSchemaSource(schemaFile: StaticSchema, schemasDir = SCHEMAS_DIR): object {
  const part = STATIC_SCHEMAS[schemaFile].part;
  const whole = JSON.parse(readFileSync(resolve(schemasDir, part?.of ?? schemaFile), 'utf8')) as Record<string, unknown>;
  if (!part) return whole;
  let node: unknown = whole;
  for (const segment of part.pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[segment];
  if (typeof node !== 'object' || node === null) throw new Error(`${part.of} has no ${part.pointer}`);
  return { ...node, definitions: whole.definitions };
}

export const SCHEMAS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');
/** Where the build writes the standalone validators: next to this module in dist/, absent under src/. */
export const PRECOMPILED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'precompiled');

/** `policy.schema.json` → `policy.schema.cjs`. */
export const precompiledName = (schemaFile: string): string => `${basename(schemaFile, '.json')}.cjs`;

/**
 * The validator of a published schema. The build precompiles them: ajv's standalone code, loaded in a few
 * milliseconds without ajv itself (CommonJS, so that it loads synchronously: policy loading is synchronous).
 * Without a precompiled one (running from src/) the schema is compiled here, with the same options, so the
 * errors are the same either way.
 */
export function staticValidator(schemaFile: StaticSchema, precompiledDir = PRECOMPILED_DIR): ValidateFunction {
  const options = STATIC_SCHEMAS[schemaFile];
  const precompiled = resolve(precompiledDir, precompiledName(schemaFile));
  let validate = compiled.get(precompiled);
  if (!validate) {
    validate = existsSync(precompiled)
      ? (require(precompiled) as ValidateFunction)
      : createAjv(options).compile(staticSchemaSource(schemaFile));
    compiled.set(precompiled, validate);
  }
  return validate;
}
