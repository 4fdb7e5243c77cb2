import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvErrors } from '../schema/ajv.js';

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');
const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

function validator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(resolve(schemasDir, name), 'utf8')) as object);
    compiled.set(name, validate);
  }
  return validate;
}

function problems(name: string, value: unknown): string[] {
  const validate = validator(name);
  if (validate(value)) return [];
  return describeAjvErrors(validate.errors)
    .slice(0, 20)
    .map((problem) => `${problem.path}: ${problem.message}`);
}

/** Problems of a value against the published inventory schema (empty = valid). */
export const validateInventory = (value: unknown): string[] => problems('inventory.schema.json', value);

/** Problems of a value against the published report schema (empty = valid). */
export const validateReport = (value: unknown): string[] => problems('report.schema.json', value);
