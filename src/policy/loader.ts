import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import type * as Yaml from 'yaml';
import type { Rule, RuleMeta } from '../rules/rule.js';
import { clip, inert } from '../text/inert.js';
import { createAjv, describeAjvErrors } from '../schema/ajv.js';
import { staticValidator } from '../schema/validators.js';
import { compileCustomRule } from './custom-rules.js';
import { cachedPack } from './pack-cache.js';
import { lineColumn, scanJson, tooDeepAt } from './documents.js';
import { closest } from './glob.js';
import { InputFileError, MAX_DEPTH, MAX_POLICY_BYTES, readInputFile } from './input-file.js';
import { describeMalformedId, describeUnknownId, visible } from './rule-ids.js';
import { unsafePatterns } from './safe-patterns.js';
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
// The YAML parser is required when a policy needs it, not at import: JSON policies and shipped packs (parsed by
// the build, see pack-cache.ts) do not.
const require = createRequire(import.meta.url);
const yaml = (): typeof Yaml => require('yaml') as typeof Yaml;

/** Most policy files one `extends` graph may hold, and the longest chain: see docs/limits.md. */
export const MAX_EXTENDS_FILES = 64;
export const MAX_EXTENDS_DEPTH = 16;
/** Problems listed per load: past this, they are counted, not described (nobody reads 20,000 lines). */
export const MAX_ISSUES = 100;
/** Alias expansions one policy may make (YAML anchors are fine; an alias bomb is not). */
export const MAX_ALIAS_COUNT = 100;

// Made on first use: commands that load no policy (help, docs) load no validator; the file schema's validator is
// precompiled by the build, and ajv itself loads only for rule params (their schemas come from rules and plugins).
let sharedAjv: Ajv | undefined;
let policyFileValidator: ValidateFunction | undefined;
const policyAjv = (): Ajv => (sharedAjv ??= createAjv({ verbose: true }));
const validatePolicyFile = (): ValidateFunction => (policyFileValidator ??= staticValidator('policy.schema.json'));
const paramValidators = new WeakMap<RuleMeta, ValidateFunction>();

export interface LoadPolicyOptions {
  /** Every rule the policy may name: built-ins and plugin rules (their metadata is enough). */
  rules: readonly RuleMeta[];
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

/** Where an `extends` entry stands: the file that holds it and its JSON path there. */
interface ExtendsSite {
  file: string;
  path: string;
  ref: string;
}

/**
 * Loads a policy by file path or shipped pack name, merges its `extends` chain (parents first, the file's
 * own settings last; a file reached twice is applied once), and validates everything against the schema
 * and the rule registry. All problems of all files are collected into one PolicyError, each naming its
 * file and JSON path.
 */
export function loadPolicy(ref: string, options: LoadPolicyOptions): ResolvedPolicy {
  const issues: PolicyIssue[] = [];
  const packsDir = options.packsDir ?? PACKS_DIR;
  const state = new MergeState(options, issues);
  const source = resolveRef(ref, options.baseDir ?? process.cwd(), packsDir, undefined, issues);
  let own: PolicyFile | undefined;
  if (source) own = state.load(source, [], undefined);
  if (state.overflow > 0) issues.push({ file: source ?? ref, path: '', message: `… and ${state.overflow} more problems` });
  if (issues.length > 0 || !own || !source) throw new PolicyError(issues);
  const merged: ResolvedPolicy = {
    name: own.name,
    source: source.startsWith(packsDir) ? `pack:${own.name}` : source,
    file: source,
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

function resolveRef(ref: string, baseDir: string, packsDir: string, site: ExtendsSite | undefined, issues: PolicyIssue[]): string | undefined {
  const candidate = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  if (existsSync(candidate)) return candidate;
  if (!/[\\/]/.test(ref)) {
    for (const extension of ['.yaml', '.yml', '.json']) {
      const pack = resolve(packsDir, `${ref}${extension}`);
      if (existsSync(pack)) return pack;
    }
  }
  const packs = shippedPacks(packsDir);
  const hint = closest(ref, packs);
  issues.push({
    file: site?.file ?? ref,
    path: site?.path ?? '',
    message:
      `no policy file "${visible(ref, 300)}" and no shipped pack of that name` +
      (hint ? ` (did you mean "${hint}"?)` : ` (packs: ${packs.join(', ') || 'none'})`),
  });
  return undefined;
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

class MergeState {
  readonly rules = new Map<string, RuleSetting>();
  readonly customRules: Rule[] = [];
  readonly customRuleInputs: unknown[] = [];
  readonly exceptions: Waiver[] = [];
  inheritedAppliesTo: PolicyFile['appliesTo'];
  inheritedDefaultAccountType: string | undefined;
  private readonly ruleIndex: Map<string, RuleMeta>;
  /** Files already loaded, by real path: each is read, validated and applied once. */
  private readonly loaded = new Map<string, PolicyFile | undefined>();
  private tooManyFiles = false;
  /** Problems found past MAX_ISSUES. */
  overflow = 0;
  private customAjv: Ajv | undefined;

  constructor(
    private readonly options: LoadPolicyOptions,
    private readonly issues: PolicyIssue[],
  ) {
    this.ruleIndex = new Map(options.rules.map((rule) => [rule.id, rule]));
  }

  /** Records a problem; past MAX_ISSUES only counts it (a message factory is then never called). */
  add(issue: PolicyIssue | (() => PolicyIssue)): void {
    if (this.issues.length >= MAX_ISSUES) this.overflow++;
    else this.issues.push(typeof issue === 'function' ? issue() : issue);
  }

  load(file: string, chain: string[], site: ExtendsSite | undefined): PolicyFile | undefined {
    const key = realPath(file);
    if (chain.includes(key)) {
      this.add({ file: site?.file ?? file, path: site?.path ?? '/extends', message: `extends cycle: ${[...chain, key].join(' → ')}` });
      return undefined;
    }
    if (this.loaded.has(key)) return this.loaded.get(key);
    if (site && chain.length >= MAX_EXTENDS_DEPTH) {
      this.add({ file: site.file, path: site.path, message: `extends chain longer than ${MAX_EXTENDS_DEPTH} files (from ${chain[0]} to "${visible(site.ref, 300)}")` });
      return undefined;
    }
    if (site && this.loaded.size >= MAX_EXTENDS_FILES) {
      if (!this.tooManyFiles) {
        this.add({ file: site.file, path: site.path, message: `the extends graph of ${chain[0]} holds more than ${MAX_EXTENDS_FILES} policy files` });
        this.tooManyFiles = true;
      }
      return undefined;
    }
    this.loaded.set(key, undefined);
    const policy = this.parse(file, site);
    if (!policy) return undefined;
    const parents = policy.extends === undefined ? [] : [policy.extends].flat();
    for (const [index, parent] of parents.entries()) {
      const parentSite = { file, path: Array.isArray(policy.extends) ? `/extends/${index}` : '/extends', ref: parent };
      const parentFile = resolveRef(parent, dirname(file), this.options.packsDir ?? PACKS_DIR, parentSite, this.issues);
      if (!parentFile) continue;
      const loaded = this.load(parentFile, [...chain, key], parentSite);
      if (loaded?.appliesTo) this.inheritedAppliesTo = loaded.appliesTo;
      if (loaded?.defaultAccountType) this.inheritedDefaultAccountType = loaded.defaultAccountType;
    }
    this.apply(file, policy);
    this.loaded.set(key, policy);
    return policy;
  }

  /** Reads, parses and schema-checks one file; problems reading it are reported where it is named. */
  private parse(file: string, site: ExtendsSite | undefined): PolicyFile | undefined {
    let text: string;
    try {
      text = readInputFile(file, { maxBytes: MAX_POLICY_BYTES, rejectControls: true }).text;
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      this.add(
        site
          ? { file: site.file, path: site.path, message: `extends "${visible(site.ref, 300)}" (${file}): ${error.message}` }
          : { file, path: '', message: error.message },
      );
      return undefined;
    }
    if (text.trim() === '') {
      this.add({ file, path: '', message: `the file is empty (a policy needs at least \`name:\`)${site ? ` (extended by ${site.file} at ${site.path})` : ''}` });
      return undefined;
    }
    // Problems of a file reached through extends also name the policy that extends it.
    const via = site ? ` (extended by ${site.file} at ${site.path})` : '';
    const cached = dirname(file) === PACKS_DIR ? cachedPack(file, text) : undefined;
    const parsed = cached ?? parsePolicyText(text);
    if ('problems' in parsed) {
      for (const problem of parsed.problems) this.add({ file, path: problem.path, message: `${problem.message}${via}` });
      return undefined;
    }
    const value = parsed.value;
    const deep = tooDeepAt(value, MAX_DEPTH);
    if (deep !== undefined) {
      this.add({ file, path: deep, message: `nested deeper than ${MAX_DEPTH} levels${via}` });
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add({ file, path: '/', message: `must be a mapping with at least \`name:\`, not ${describeType(value)}${via}` });
      return undefined;
    }
    // A cached pack passed this very schema check when the build cached it (the same value, the same validator):
    // repeating it would load the validator (~4 ms) and run it (~3 ms) on every start for nothing.
    if (cached?.schemaChecked) return value as PolicyFile;
    const validate = validatePolicyFile();
    if (!validate(value)) {
      // Describing is bounded like listing: past a few hundred schema errors the rest are counted.
      const errors = validate.errors ?? [];
      const problems = describeAjvErrors(errors.slice(0, 3 * MAX_ISSUES), { badKey: (parent, key) => this.describeBadKey(parent, key) });
      this.overflow += Math.max(0, errors.length - 3 * MAX_ISSUES);
      for (const problem of problems) {
        const message = this.describeCustomId(value, problem.path) ?? problem.message;
        this.add({ file, path: problem.path, message: `${message}${via}` });
      }
      return undefined;
    }
    return value as PolicyFile;
  }

  /** A custom rule id that breaks the id pattern, shown visibly with its first offending character. */
  private describeCustomId(value: object, path: string): string | undefined {
    const index = /^\/customRules\/(\d+)\/id$/.exec(path)?.[1];
    if (index === undefined) return undefined;
    const id = (value as { customRules?: Array<{ id?: unknown }> }).customRules?.[Number(index)]?.id;
    return typeof id === 'string' && id.length <= 128 ? describeMalformedId(id, []) : undefined;
  }

  private describeBadKey(parentPath: string, key: string): string | undefined {
    if (parentPath !== '/rules') return undefined;
    if (key.length > 128) return `rule id is ${key.length} characters long; rule ids have at most 128`;
    return describeMalformedId(key, this.ruleIndex.keys());
  }

  private apply(file: string, policy: PolicyFile): void {
    for (const [index, input] of (policy.customRules ?? []).entries()) {
      const path = `/customRules/${index}`;
      if (this.ruleIndex.has(input.id)) {
        this.add({ file, path: `${path}/id`, message: `rule id "${visible(input.id)}" is already taken` });
        continue;
      }
      if (!this.options.resourceTypes.includes(input.resourceType)) {
        const hint = closest(input.resourceType, this.options.resourceTypes);
        this.add({
          file,
          path: `${path}/resourceType`,
          message: `unknown resource type "${visible(input.resourceType)}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
        continue;
      }
      const unsafe = unsafePatterns(input.schema);
      if (unsafe.length > 0) {
        for (const problem of unsafe) this.add({ file, path: `${path}/schema${inert(clip(problem.path, 300))}`, message: inert(problem.message) });
        continue;
      }
      try {
        // A fresh ajv per policy load: custom schemas (and their $ids) never leak from one load into another.
        this.customAjv ??= createAjv();
        const rule = compileCustomRule(input, policy.name, this.customAjv);
        this.ruleIndex.set(rule.id, rule);
        this.customRules.push(rule);
        this.customRuleInputs.push(input);
        // A custom rule is enabled by the policy that declares it.
        this.rules.set(rule.id, { enabled: true, params: {} });
      } catch (error) {
        const cause = error instanceof RangeError ? 'its $refs loop or nest without end' : inert((error as Error).message, { max: 300 });
        this.add({ file, path: `${path}/schema`, message: `not a usable JSON Schema: ${cause}` });
      }
    }

    for (const [id, input] of Object.entries(policy.rules ?? {})) {
      const path = `/rules/${id}`;
      const rule = this.ruleIndex.get(id);
      if (!rule) {
        this.add(() => ({ file, path, message: describeUnknownId(id, this.ruleIndex.keys()) }));
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
      const path = `/exceptions/${index}/rule`;
      if (/[*?]/.test(waiver.rule)) {
        // A glob made of characters no rule id has can never match.
        if (!/^[a-z0-9*?-]+$/.test(waiver.rule)) {
          this.add({ file, path, message: `rule glob "${visible(waiver.rule)}" can match no rule id (lower-case letters, digits, "-", "*" and "?" only)` });
          continue;
        }
      } else if (!this.ruleIndex.has(waiver.rule)) {
        this.add(() => ({ file, path, message: describeUnknownId(waiver.rule, this.ruleIndex.keys()) }));
        continue;
      }
      this.exceptions.push({ ...waiver, policy: policy.name });
    }
  }

  private checkParams(file: string, path: string, rule: RuleMeta, params: Record<string, unknown>): void {
    if (!rule.params) {
      if (Object.keys(params).length > 0) this.add({ file, path, message: `rule ${rule.id} takes no params` });
      return;
    }
    let validate = paramValidators.get(rule);
    if (!validate) {
      validate = policyAjv().compile({ ...rule.params, type: 'object' });
      paramValidators.set(rule, validate);
    }
    if (!validate({ ...(rule.defaults ?? {}), ...params })) {
      for (const problem of describeAjvErrors(validate.errors)) {
        this.add({ file, path: `${path}${problem.path === '/' ? '' : problem.path}`, message: problem.message });
      }
    }
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'an empty document';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

type Parsed = { value: unknown } | { problems: Array<{ path: string; message: string }> };

/**
 * YAML (JSON is YAML) → plain value. Every problem names its line and column once; an unresolved alias
 * (`*hihg`), an alias bomb or a document nested past the parser's stack is a problem, never a throw.
 */
export function parsePolicyText(text: string): Parsed {
  // JSON policies take a fast path (the YAML parser is ~50× slower on a large JSON file); anything that is
  // not plain JSON — YAML, flow mappings, broken JSON — gets the YAML parser and its messages.
  if (/^\s*[{[]/.test(text)) {
    const scan = scanJson(text);
    if (scan.duplicate) {
      return { problems: [{ path: lineColumn(text, scan.duplicate.offset), message: `not valid YAML/JSON: the key "${visible(scan.duplicate.key)}" appears twice in one mapping (keys must be unique)` }] };
    }
    if (scan.error === -1) return { value: JSON.parse(text) as unknown };
  }
  const { LineCounter, parseDocument, visit } = yaml();
  const lineCounter = new LineCounter();
  let document: Yaml.Document.Parsed;
  try {
    // uniqueKeys is checked below in linear time (the parser's own check is quadratic in a mapping's size).
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter });
  } catch (error) {
    return { problems: [{ path: '', message: parserFailure(error) }] };
  }
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  if (document.errors.length > 0) {
    const exhausted = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
    if (exhausted) return { problems: [{ path: at(exhausted.pos[0]), message: 'not valid YAML/JSON: nested too deeply to parse' }] };
    // The first few errors: later ones are usually echoes of the first.
    const problems = document.errors.slice(0, 3).map((error) => ({
      path: at(error.pos[0]),
      message: `not valid YAML/JSON: ${inert(clip(error.message.split('\n')[0] ?? '', 200))}`,
    }));
    if (document.errors.length > 3) problems.push({ path: '', message: `… and ${document.errors.length - 3} more YAML errors` });
    return { problems };
  }
  const duplicate = firstDuplicateKey(document);
  if (duplicate) return { problems: [{ path: at(duplicate.offset), message: `not valid YAML/JSON: the key "${visible(duplicate.key)}" appears twice in one mapping (keys must be unique)` }] };
  // Warnings are problems too: an unknown tag (`!Ref`, `!!binary`) would otherwise read as a plain string.
  if (document.warnings.length > 0) {
    return {
      problems: document.warnings.slice(0, 3).map((warning) => ({
        path: at(warning.pos[0]),
        message: `not valid here: ${inert(clip(warning.message.split('\n')[0] ?? '', 200))}`,
      })),
    };
  }
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const message = (error as Error).message;
    let where: number | undefined;
    let source: string | undefined;
    visit(document, {
      Alias(_, node) {
        if (where === undefined && (message.includes(`: ${node.source}`) || !message.startsWith('Unresolved'))) {
          where = node.range?.[0];
          source = node.source;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (message.startsWith('Unresolved alias')) {
      return { problems: [{ path: at(where), message: `not valid YAML: alias "*${visible(source ?? '?')}" refers to no anchor "&${visible(source ?? '?')}" defined before it` }] };
    }
    if (/alias count/i.test(message)) {
      return { problems: [{ path: at(where), message: `not valid YAML: aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb?)` }] };
    }
    return { problems: [{ path: at(where), message: parserFailure(error) }] };
  }
}

/** The first key repeated within one mapping, with its offset. */
function firstDuplicateKey(document: Yaml.Document.Parsed): { key: string; offset: number | undefined } | undefined {
  const { isScalar, visit } = yaml();
  let found: { key: string; offset: number | undefined } | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(String(pair.key));
        if (seen.has(key)) {
          found = { key, offset: isScalar(pair.key) ? pair.key.range?.[0] : undefined };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function parserFailure(error: unknown): string {
  if (error instanceof RangeError) return 'not valid YAML/JSON: nested too deeply to parse';
  return `not valid YAML/JSON: ${inert(clip((error as Error).message.split('\n')[0] ?? '', 200))}`;
}

function digestOf(policy: ResolvedPolicy, customRuleInputs: unknown[]): string {
  const canonical = JSON.stringify({
    name: policy.name,
    appliesTo: policy.appliesTo ?? null,
    defaultAccountType: policy.defaultAccountType ?? null,
    // Code-unit order: for rule ids ([a-z0-9-]) the order localeCompare gave in English, without its ~6 ms of
    // collator set-up on every run and without depending on the locale the scanner runs in.
    rules: [...policy.rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    customRules: customRuleInputs,
    exceptions: policy.exceptions,
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
