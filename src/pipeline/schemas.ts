import { describeAjvErrors } from '../schema/ajv.js';
import { staticValidator, type StaticSchema } from '../schema/validators.js';

function problems(name: StaticSchema, value: unknown): string[] {
  const validate = staticValidator(name);
  if (validate(value)) return [];
  return describeAjvErrors(validate.errors)
    .slice(0, 20)
    .map((problem) => `${problem.path}: ${problem.message}`);
}

/** Problems of a value against the published inventory schema (empty = valid). */
export const validateInventory = (value: unknown): string[] => problems('inventory.schema.json', value);

/** Problems of a value against the published report schema (empty = valid). */
export const validateReport = (value: unknown): string[] => problems('report.schema.json', value);
