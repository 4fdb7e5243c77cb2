import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule, RuleMeta } from '../rules/rule.js';
import { UsageError } from './errors.js';

function isRule(value: unknown): value is Rule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Rule>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.resourceType === 'string' &&
    Array.isArray(candidate.needs) &&
    typeof candidate.check === 'function'
  );
}

/**
 * Loads plugin modules: each exports rules made with `defineRule`, as `default` (a rule or a list) or as
 * a named `rules` list.
 */
export async function loadPlugins(paths: string[], builtins: readonly RuleMeta[]): Promise<Rule[]> {
  const rules: Rule[] = [];
  const taken = new Set(builtins.map((rule) => rule.id));
  for (const path of paths) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`plugin ${path} could not be loaded: ${(error as Error).message}`);
    }
    const exported = [module.default, module.rules].flat().filter((value) => value !== undefined);
    const found = exported.filter(isRule);
    if (found.length === 0) throw new UsageError(`plugin ${path} exports no rules (export default defineRule(...) or export const rules = [...])`);
    for (const rule of found) {
      if (taken.has(rule.id)) throw new UsageError(`plugin ${path}: rule id "${rule.id}" is already taken`);
      taken.add(rule.id);
      rules.push({ ...rule, source: `plugin:${path}` });
    }
  }
  return rules;
}
