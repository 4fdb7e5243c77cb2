import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { Rule } from '../rules/rule.js';
import { createAjv, describeAjvErrors } from './ajv.js';
import { compileCustomRule } from './custom-rules.js';
import { closest } from './glob.js';
import {
  PolicyError,
  type PolicyFile,
  type PolicyIssue,
  type ResolvedPolicy,
  type RuleSetting,
  type Waiver,
} from './types.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKS_DIR = resolve(packageRoot, 'policies');
export const POLICY_SCHEMA_PATH = resolve(packageRoot, 'schemas/policy.schema.json');

const ajv = createAjv();
const validatePolicyFile = ajv.compile(JSON.parse(readFileSync(POLICY_SCHEMA_PATH, 'utf8')) as object);

export interface LoadPolicyOptions {
  /** Every rule the policy may name: built-ins and plugin rules. */
  rules: Rule[];
  /** Resource types scanners produce, for validating custom rules. */
  resourceTypes: string[];
  /** Folder of shipped packs (default: the package's `policies/`). */
  packsDir?: string;
  /** Folder relative paths resolve against (default: the working directory). */
  baseDir?: string;
}

export function shippedPacks(packsDir = PACKS_DIR): string[] {
  if (!existsSync(packsDir)) return [];
  return readdirSync(packsDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => file.replace(/\.ya?ml$/, ''))
    .sort();
}

/**
 * Loads a policy by file path or shipped pack name, merges its `extends` chain (parents first, the file's
 * own settings last), and validates everything against the schema and the rule registry. All problems of
 * all files are collected into one PolicyError, each naming its file and JSON path.
 */
export function loadPolicy(ref: string, options: LoadPolicyOptions): ResolvedPolicy {
  const issues: PolicyIssue[] = [];
  const state = new MergeState(options, issues);
  const source = resolveRef(ref, options.baseDir ?? process.cwd(), options.packsDir ?? PACKS_DIR, ref, issues);
  let own: PolicyFile | undefined;
  if (source) own = state.load(source, []);
  if (issues.length > 0 || !own || !source) throw new PolicyError(issues);
  const merged: ResolvedPolicy = {
    name: own.name,
    source: source.startsWith(options.packsDir ?? PACKS_DIR) ? `pack:${own.name}` : source,
    digest: '',
    rules: state.rules,
    customRules: state.customRules,
    exceptions: state.exceptions,
  };
  if (own.description !== undefined) merged.description = own.description;
  const appliesTo = own.appliesTo ?? state.inheritedAppliesTo;
  if (appliesTo) merged.appliesTo = appliesTo;
  const defaultAccountType = own.defaultAccountType ?? state.inheritedDefaultAccountType;
  if (defaultAccountType) merged.defaultAccountType = defaultAccountType;
  merged.digest = digestOf(merged, state.customRuleInputs);
  return merged;
}

function resolveRef(ref: string, baseDir: string, packsDir: string, from: string, issues: PolicyIssue[]): string | undefined {
  const candidate = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  if (existsSync(candidate)) return candidate;
  for (const extension of ['.yaml', '.yml', '.json']) {
    const pack = resolve(packsDir, `${ref}${extension}`);
    if (!/[\\/]/.test(ref) && existsSync(pack)) return pack;
  }
  issues.push({
    file: from,
    path: '',
    message: `no policy file "${ref}" and no shipped pack of that name (packs: ${shippedPacks(packsDir).join(', ') || 'none'})`,
  });
  return undefined;
}

class MergeState {
  readonly rules = new Map<string, RuleSetting>();
  readonly customRules: Rule[] = [];
  readonly customRuleInputs: unknown[] = [];
  readonly exceptions: Waiver[] = [];
  inheritedAppliesTo: PolicyFile['appliesTo'];
  inheritedDefaultAccountType: string | undefined;
  private readonly ruleIndex: Map<string, Rule>;

  constructor(
    private readonly options: LoadPolicyOptions,
    private readonly issues: PolicyIssue[],
  ) {
    this.ruleIndex = new Map(options.rules.map((rule) => [rule.id, rule]));
  }

  load(file: string, chain: string[]): PolicyFile | undefined {
    if (chain.includes(file)) {
      this.issues.push({ file, path: '/extends', message: `extends cycle: ${[...chain, file].join(' → ')}` });
      return undefined;
    }
    const policy = this.parse(file);
    if (!policy) return undefined;
    for (const parent of policy.extends === undefined ? [] : [policy.extends].flat()) {
      const parentFile = resolveRef(parent, dirname(file), this.options.packsDir ?? PACKS_DIR, file, this.issues);
      if (!parentFile) continue;
      const loaded = this.load(parentFile, [...chain, file]);
      if (loaded?.appliesTo) this.inheritedAppliesTo = loaded.appliesTo;
      if (loaded?.defaultAccountType) this.inheritedDefaultAccountType = loaded.defaultAccountType;
    }
    this.apply(file, policy);
    return policy;
  }

  private parse(file: string): PolicyFile | undefined {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      this.issues.push({ file, path: '', message: `cannot read: ${(error as Error).message}` });
      return undefined;
    }
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const where = error.linePos?.[0];
        this.issues.push({
          file,
          path: where ? `line ${where.line}, column ${where.col}` : '',
          message: `not valid YAML/JSON: ${error.message.split('\n')[0]}`,
        });
      }
      return undefined;
    }
    const value: unknown = document.toJS();
    if (!validatePolicyFile(value)) {
      for (const problem of describeAjvErrors(validatePolicyFile.errors)) this.issues.push({ file, ...problem });
      return undefined;
    }
    return value as PolicyFile;
  }

  private apply(file: string, policy: PolicyFile): void {
    for (const [index, input] of (policy.customRules ?? []).entries()) {
      const path = `/customRules/${index}`;
      if (this.ruleIndex.has(input.id)) {
        this.issues.push({ file, path: `${path}/id`, message: `rule id "${input.id}" is already taken` });
        continue;
      }
      if (!this.options.resourceTypes.includes(input.resourceType)) {
        const hint = closest(input.resourceType, this.options.resourceTypes);
        this.issues.push({
          file,
          path: `${path}/resourceType`,
          message: `unknown resource type "${input.resourceType}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
        continue;
      }
      try {
        const rule = compileCustomRule(input, policy.name);
        this.ruleIndex.set(rule.id, rule);
        this.customRules.push(rule);
        this.customRuleInputs.push(input);
        // A custom rule is enabled by the policy that declares it.
        this.rules.set(rule.id, { enabled: true, params: {} });
      } catch (error) {
        this.issues.push({ file, path: `${path}/schema`, message: (error as Error).message });
      }
    }

    for (const [id, input] of Object.entries(policy.rules ?? {})) {
      const path = `/rules/${id}`;
      const rule = this.ruleIndex.get(id);
      if (!rule) {
        const hint = closest(id, this.ruleIndex.keys());
        this.issues.push({ file, path, message: `unknown rule id "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
        continue;
      }
      const previous = this.rules.get(id) ?? { enabled: true, params: {} };
      const setting: RuleSetting =
        input === 'off'
          ? { ...previous, enabled: false }
          : input === 'on'
            ? { ...previous, enabled: true }
            : {
                enabled: input.enabled ?? true,
                params: { ...previous.params, ...(input.params ?? {}) },
                ...((input.severity ?? previous.severity) ? { severity: input.severity ?? previous.severity } : {}),
                ...((input.appliesTo ?? previous.appliesTo) ? { appliesTo: input.appliesTo ?? previous.appliesTo } : {}),
              };
      if (typeof input === 'object' && input.params) this.checkParams(file, `${path}/params`, rule, setting.params);
      this.rules.set(id, setting);
    }

    for (const [index, waiver] of (policy.exceptions ?? []).entries()) {
      if (!/[*?]/.test(waiver.rule) && !this.ruleIndex.has(waiver.rule)) {
        const hint = closest(waiver.rule, this.ruleIndex.keys());
        this.issues.push({
          file,
          path: `/exceptions/${index}/rule`,
          message: `unknown rule id "${waiver.rule}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
        continue;
      }
      this.exceptions.push({ ...waiver, policy: policy.name });
    }
  }

  private checkParams(file: string, path: string, rule: Rule, params: Record<string, unknown>): void {
    if (!rule.params) {
      if (Object.keys(params).length > 0) this.issues.push({ file, path, message: `rule ${rule.id} takes no params` });
      return;
    }
    const validate = ajv.compile({ ...rule.params, type: 'object' });
    if (!validate({ ...(rule.defaults ?? {}), ...params })) {
      for (const problem of describeAjvErrors(validate.errors)) {
        this.issues.push({ file, path: `${path}${problem.path === '/' ? '' : problem.path}`, message: problem.message });
      }
    }
  }
}

function digestOf(policy: ResolvedPolicy, customRuleInputs: unknown[]): string {
  const canonical = JSON.stringify({
    name: policy.name,
    appliesTo: policy.appliesTo ?? null,
    defaultAccountType: policy.defaultAccountType ?? null,
    rules: [...policy.rules.entries()].sort(([a], [b]) => a.localeCompare(b)),
    customRules: customRuleInputs,
    exceptions: policy.exceptions,
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
