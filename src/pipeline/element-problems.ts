import type { ErrorObject } from 'ajv';
import { describeAjvErrors } from '../schema/ajv.js';
import { staticValidator } from '../schema/validators.js';

/**
 * Schema checks of one element of a large document (a resource, a finding), against the part of the
 * published schema that describes it (precompiled at build like the whole-document validators). Both
 * schemas constrain their large array element by element (no uniqueness, no length), so the elements valid
 * here, in a header valid on its own, make a valid document. Problems are worded, and their JSON pointers
 * written, as validating the whole document would (`/resources/123/arn: must be string`).
 */
export function elementProblems(part: 'inventory-resource.schema.json' | 'report-finding.schema.json', arrayKey: string): (element: unknown, index: number) => string[] {
  const validate = staticValidator(part);
  return (element, index) => {
    if (validate(element)) return [];
    const errors = (validate.errors ?? []).map((error): ErrorObject => ({ ...error, instancePath: `/${arrayKey}/${index}${error.instancePath}` }));
    return describeAjvErrors(errors)
      .slice(0, 20)
      .map((problem) => `${problem.path}: ${problem.message}`);
  };
}
