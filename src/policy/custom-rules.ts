import type { Ajv, ErrorObject } from 'ajv';
import { fail, pass, type Rule } from '../rules/rule.js';
import { createAjv } from '../schema/ajv.js';
import type { CustomRuleInput } from './types.js';

let sharedAjv: Ajv | undefined; // made on first use: most policies have no custom rule

/**
 * Compiles a declarative rule: a JSON Schema over the whole resource (`type`, `name`, `tags`, `data`, …).
 * A resource that does not validate fails, with ajv's error paths as evidence.
 */
export function compileCustomRule(input: CustomRuleInput, policyName: string, ajv: Ajv = (sharedAjv ??= createAjv())): Rule {
  const validate = ajv.compile(input.schema);
  return {
    id: input.id,
    title: input.title,
    severity: input.severity,
    resourceType: input.resourceType,
    // Without an explicit list the rule may read anything: every attribute must have been collected.
    needs: input.needs ?? ['*'],
    description: input.description ?? input.title,
    rationale: `Declared by policy ${policyName}.`,
    remediation: input.remediation ?? 'Change the resource so that it satisfies the rule\'s schema.',
    references: input.references ?? {},
    appliesTo: { accountTypes: input.appliesTo?.accountTypes ?? ['*'] },
    source: `policy:${policyName}`,
    check(resource) {
      if (validate(resource as unknown)) return pass(`${resource.name} satisfies the declared schema`);
      const errors = (validate.errors ?? []) as ErrorObject[];
      const first = errors[0];
      return fail(
        `${resource.name} does not satisfy the declared schema: ${errors
          .slice(0, 3)
          .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
          .join('; ')}`,
        {
          path: first ? pointerToPath(first.instancePath) : undefined,
          evidence: { schemaErrors: errors.map((e) => ({ path: e.instancePath || '/', message: e.message, params: e.params })) },
        },
      );
    },
  };
}

/** `/data/encryption/algorithm` → `data.encryption.algorithm`. */
function pointerToPath(pointer: string): string | undefined {
  if (!pointer) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}
