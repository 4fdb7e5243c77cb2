/**
 * The plan as a table of resource instances keyed by full address, with their configuration, and the
 * reference resolver that joins them: module-relative references are qualified with the referrer's module
 * *instance*, `var.*` is followed into the module call, `module.x.out` into the child's output, and
 * `each.key`/`count.index` pair instances with equal keys.
 */
import {
  configPath,
  formatAddress,
  formatModule,
  parseAddress,
  parseReference,
  type InstanceKey,
  type ModuleStep,
  type Reference,
  type ResourceAddress,
} from './address.js';
import type {
  BlockExpressions,
  ConfigModuleJson,
  ConfigResourceJson,
  ExpressionJson,
  PlanJson,
  StateModuleJson,
} from './plan-json.js';
import { UNKNOWN, Val, withUnknowns, type PathStep } from './values.js';

/** What the plan does to an instance. `existing` = a data source read at plan time (prior_state). */
export type PlanAction =
  'create' | 'update' | 'replace' | 'no-op' | 'delete' | 'forget' | 'read' | 'existing';

export interface Instance {
  address: string;
  parsed: ResourceAddress;
  type: string;
  mode: 'managed' | 'data';
  action: PlanAction;
  /** `after` with unknown leaves as UNKNOWN (deleted instances: `before`). */
  value: unknown;
  config?: ConfigResourceJson;
  providerKey?: string;
}

export function actionOf(actions: string[]): PlanAction {
  const set = new Set(actions);
  if (set.has('delete') && set.has('create')) return 'replace';
  if (set.has('create')) return 'create';
  if (set.has('delete')) return 'delete';
  if (set.has('forget')) return 'forget';
  if (set.has('update')) return 'update';
  if (set.has('read')) return 'read';
  return 'no-op';
}

/** A resolved reference: an instance and the attribute path read of it, or a constant. */
export type Resolved = { instance: Instance; attribute: string[] } | { constant: unknown };

export interface Resolution {
  targets: Resolved[];
  /** References that could not be followed (locals, unresolvable variables, splats…). */
  unresolved: string[];
}

const MAX_RESOLVE_DEPTH = 32;

export class PlanIndex {
  readonly instances: Instance[] = [];
  private readonly byAddress = new Map<string, Instance>();
  /** `module path|mode.type.name` → instances (all keys). */
  private readonly byResource = new Map<string, Instance[]>();
  private readonly modules = new Map<string, ConfigModuleJson>();

  constructor(readonly plan: PlanJson) {
    this.indexModules(plan.configuration?.root_module, '');
    for (const change of plan.resource_changes ?? []) {
      if (change.deposed) continue; // a deposed object is on its way out
      const parsed = parseAddress(change.address);
      if (!parsed) continue;
      const action = actionOf(change.change.actions);
      const value =
        action === 'delete'
          ? change.change.before
          : withUnknowns(change.change.after, change.change.after_unknown);
      this.add({
        address: change.address,
        parsed,
        type: change.type,
        mode: change.mode ?? parsed.mode,
        action,
        value,
      });
    }
    this.addState(plan.prior_state?.values?.root_module, 0);
  }

  private indexModules(module: ConfigModuleJson | undefined, path: string, depth = 0): void {
    if (!module || depth > MAX_RESOLVE_DEPTH) return;
    this.modules.set(path, module);
    for (const [name, call] of Object.entries(module.module_calls ?? {})) {
      this.indexModules(call.module, path ? `${path}.${name}` : name, depth + 1);
    }
  }

  /** Data sources read at plan time live only in prior_state, fully known. */
  private addState(module: StateModuleJson | undefined, depth: number): void {
    if (!module || depth > MAX_RESOLVE_DEPTH) return;
    for (const resource of module.resources ?? []) {
      if (resource.mode !== 'data' || this.byAddress.has(resource.address)) continue;
      const parsed = parseAddress(resource.address);
      if (!parsed) continue;
      this.add({
        address: resource.address,
        parsed,
        type: resource.type,
        mode: 'data',
        action: 'existing',
        value: resource.values ?? {},
      });
    }
    for (const child of module.child_modules ?? []) this.addState(child, depth + 1);
  }

  private add(instance: Instance): void {
    const moduleConfig = this.modules.get(configPath(instance.parsed.module));
    const local = `${instance.mode === 'data' ? 'data.' : ''}${instance.type}.${instance.parsed.name}`;
    const config = moduleConfig?.resources?.find((resource) => resource.address === local);
    if (config) instance.config = config;
    if (config?.provider_config_key) instance.providerKey = config.provider_config_key;
    this.instances.push(instance);
    this.byAddress.set(instance.address, instance);
    const key = resourceKey(instance.parsed.module, instance.mode, instance.type, instance.parsed.name);
    const list = this.byResource.get(key);
    if (list) list.push(instance);
    else this.byResource.set(key, [instance]);
  }

  get(address: string): Instance | undefined {
    return this.byAddress.get(address);
  }

  private readonly byType = new Map<string, Instance[]>();

  ofType(type: string, mode: 'managed' | 'data' = 'managed'): Instance[] {
    const key = `${mode}.${type}`;
    let list = this.byType.get(key);
    if (!list) {
      list = this.instances.filter((instance) => instance.type === type && instance.mode === mode);
      this.byType.set(key, list);
    }
    return list;
  }

  /** Instances judged as they will be: deleted and forgotten ones are not. */
  planned(type: string): Instance[] {
    return this.ofType(type).filter(
      (instance) => instance.action !== 'delete' && instance.action !== 'forget',
    );
  }

  val(instance: Instance): Val {
    return new Val(instance.address, instance.value);
  }

  /** The configuration expression behind a value path (`rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id`). */
  expression(instance: Instance, path: PathStep[]): ExpressionJson | undefined {
    let node: unknown = instance.config?.expressions;
    for (const step of path) {
      if (node === undefined || node === null) return undefined;
      if (Array.isArray(node)) node = typeof step === 'number' ? node[step] : undefined;
      else if (typeof node === 'object')
        node = typeof step === 'string' ? (node as BlockExpressions)[step] : undefined;
      else return undefined;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    const expression = node as ExpressionJson;
    return 'references' in expression || 'constant_value' in expression ? expression : undefined;
  }

  /** Resolves the references of the expression at `path` of `instance`. */
  resolveAt(instance: Instance, path: PathStep[]): Resolution {
    const expression = this.expression(instance, path);
    if (!expression) return { targets: [], unresolved: [] };
    if (!expression.references) return { targets: [{ constant: expression.constant_value }], unresolved: [] };
    return this.resolve(expression.references, instance.parsed.module, instance.parsed.key, 0);
  }

  resolve(
    references: string[],
    module: ModuleStep[],
    ownKey: InstanceKey | undefined,
    depth: number,
  ): Resolution {
    const resolution: Resolution = { targets: [], unresolved: [] };
    if (depth > MAX_RESOLVE_DEPTH) {
      resolution.unresolved.push(...references);
      return resolution;
    }
    const pairsByKey = references.some(
      (text) => text === 'each.key' || text === 'count.index' || text.startsWith('each.value'),
    );
    for (const reference of mostSpecific(references.map(parseReference))) {
      if (reference.kind === 'resource')
        this.resolveResource(reference, module, pairsByKey ? ownKey : undefined, resolution);
      else if (reference.kind === 'var') this.resolveVariable(reference, module, depth, resolution);
      else if (reference.kind === 'module') this.resolveOutput(reference, module, ownKey, depth, resolution);
      else if (
        !['each.key', 'count.index'].includes(reference.text) &&
        !reference.text.startsWith('each.value')
      ) {
        resolution.unresolved.push(reference.text);
      }
    }
    return resolution;
  }

  private resolveResource(
    reference: Extract<Reference, { kind: 'resource' }>,
    module: ModuleStep[],
    pairKey: InstanceKey | undefined,
    out: Resolution,
  ): void {
    const candidates =
      this.byResource.get(resourceKey(module, reference.mode, reference.type, reference.name)) ?? [];
    let chosen: Instance[];
    if (reference.key !== undefined)
      chosen = candidates.filter((instance) => instance.parsed.key === reference.key);
    else if (pairKey !== undefined && candidates.some((instance) => instance.parsed.key !== undefined)) {
      chosen = candidates.filter((instance) => instance.parsed.key === pairKey);
    } else chosen = candidates;
    if (chosen.length === 0) {
      out.unresolved.push(
        `${formatModule(module) ? `${formatModule(module)}.` : ''}${reference.type}.${reference.name}`,
      );
      return;
    }
    for (const instance of chosen) out.targets.push({ instance, attribute: reference.attribute });
  }

  private resolveVariable(
    reference: Extract<Reference, { kind: 'var' }>,
    module: ModuleStep[],
    depth: number,
    out: Resolution,
  ): void {
    if (module.length === 0) {
      const variable = this.plan.variables?.[reference.name];
      if (variable && 'value' in variable)
        out.targets.push({ constant: pick(variable.value, reference.attribute) });
      else out.unresolved.push(`var.${reference.name}`);
      return;
    }
    const parent = module.slice(0, -1);
    const step = module[module.length - 1]!;
    const call = this.modules.get(configPath(parent))?.module_calls?.[step.name];
    const expression = call?.expressions?.[reference.name];
    if (!expression) {
      const declared = call?.module?.variables?.[reference.name];
      if (declared && 'default' in declared)
        out.targets.push({ constant: pick(declared.default, reference.attribute) });
      else out.unresolved.push(`var.${reference.name}`);
      return;
    }
    // The variable's value is a whole expression in the parent: a reference that reads into it is only
    // followed when the expression is one plain reference.
    this.follow(expression, reference.attribute, parent, step.key, depth, out);
  }

  private resolveOutput(
    reference: Extract<Reference, { kind: 'module' }>,
    module: ModuleStep[],
    ownKey: InstanceKey | undefined,
    depth: number,
    out: Resolution,
  ): void {
    if (!reference.output) {
      out.unresolved.push(`module.${reference.name}`);
      return;
    }
    const childPath = configPath([...module, { name: reference.name }]);
    const expression = this.modules.get(childPath)?.outputs?.[reference.output]?.expression;
    if (!expression) {
      out.unresolved.push(`module.${reference.name}.${reference.output}`);
      return;
    }
    const child: ModuleStep = { name: reference.name };
    const key = reference.key ?? this.onlyModuleKey([...module], reference.name);
    if (key !== undefined) child.key = key;
    this.follow(expression, reference.attribute, [...module, child], ownKey, depth, out);
  }

  /** An expression in another module read at `attribute`: its constant, or what its references resolve to. */
  private follow(
    expression: ExpressionJson,
    attribute: string[],
    module: ModuleStep[],
    key: InstanceKey | undefined,
    depth: number,
    out: Resolution,
  ): void {
    if (!expression.references) {
      out.targets.push({ constant: pick(expression.constant_value, attribute) });
      return;
    }
    const inner = this.resolve(expression.references, module, key, depth + 1);
    for (const target of inner.targets) {
      if ('constant' in target) out.targets.push({ constant: pick(target.constant, attribute) });
      else out.targets.push({ instance: target.instance, attribute: [...target.attribute, ...attribute] });
    }
    out.unresolved.push(...inner.unresolved);
  }

  /** A counted module with exactly one instance (`count = 1` → `[0]`): its key; otherwise none. */
  private onlyModuleKey(parent: ModuleStep[], name: string): InstanceKey | undefined {
    const prefix = formatModule(parent);
    const keys = new Set<string>();
    let found: InstanceKey | undefined;
    for (const instance of this.instances) {
      const steps = instance.parsed.module;
      if (steps.length <= parent.length || formatModule(steps.slice(0, parent.length)) !== prefix) continue;
      const step = steps[parent.length]!;
      if (step.name !== name || step.key === undefined) continue;
      keys.add(JSON.stringify(step.key));
      found = step.key;
    }
    return keys.size === 1 ? found : undefined;
  }
}

function resourceKey(module: ModuleStep[], mode: 'managed' | 'data', type: string, name: string): string {
  return `${formatModule(module)}|${mode}.${type}.${name}`;
}

/** Terraform lists every traversal step (`x.y[0].id`, `x.y[0]`, `x.y`): keep the most specific per root. */
function mostSpecific(references: Reference[]): Reference[] {
  const kept: Reference[] = [];
  const rootOf = (reference: Reference): string =>
    reference.kind === 'resource'
      ? `${reference.mode}.${reference.type}.${reference.name}`
      : reference.kind === 'var'
        ? `var.${reference.name}`
        : reference.kind === 'module'
          ? `module.${reference.name}`
          : `other:${reference.text}`;
  const weight = (reference: Reference): number =>
    reference.kind === 'other'
      ? 0
      : ('key' in reference && reference.key !== undefined ? 1000 : 0) +
        reference.attribute.length +
        ('output' in reference && reference.output ? 100 : 0);
  const best = new Map<string, Reference>();
  for (const reference of references) {
    const root = rootOf(reference);
    const previous = best.get(root);
    if (!previous) {
      best.set(root, reference);
      kept.push(reference);
    } else if (weight(reference) > weight(previous)) {
      kept[kept.indexOf(previous)] = reference;
      best.set(root, reference);
    }
  }
  return kept;
}

function pick(value: unknown, path: string[]): unknown {
  let node = value;
  for (const step of path) {
    if (Array.isArray(node) && /^\d+$/.test(step)) node = node[Number(step)];
    else if (typeof node === 'object' && node !== null) node = (node as Record<string, unknown>)[step];
    else return undefined;
  }
  return node;
}

export { formatAddress, UNKNOWN };
