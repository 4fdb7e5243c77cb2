import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { PRECOMPILED_DIR, precompiledName, SCHEMAS_DIR, STATIC_SCHEMAS, staticSchemaSource, type StaticSchema } from './validators.js';

// Build time only: the runtime never imports this module.
const require = createRequire(import.meta.url);

/** CommonJS source of a standalone validator for one published schema (same ajv options as at run time). */
export function standaloneValidatorSource(schemaFile: StaticSchema, schemasDir = SCHEMAS_DIR): string {
  const ajv = createAjv({ ...STATIC_SCHEMAS[schemaFile], source: true });
  const validate = ajv.compile(staticSchemaSource(schemaFile, schemasDir));
  const standaloneCode = require('ajv/dist/standalone') as { default: (ajv: Ajv, validate: ValidateFunction) => string };
  return standaloneCode.default(ajv, validate);
}

/** Writes every published schema's standalone validator; returns the files written. */
export function writePrecompiledValidators(outDir = PRECOMPILED_DIR, schemasDir = SCHEMAS_DIR): string[] {
  mkdirSync(outDir, { recursive: true });
  return (Object.keys(STATIC_SCHEMAS) as StaticSchema[]).map((schemaFile) => {
    const file = resolve(outDir, precompiledName(schemaFile));
    writeFileSync(file, standaloneValidatorSource(schemaFile, schemasDir));
    return file;
  });
}
