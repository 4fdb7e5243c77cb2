/**
 * Terraform addresses and references, parsed with their instance keys: `module.data["eu"].aws_s3_bucket.raw[0]`
 * is one instance of one resource in one module instance — joins never strip keys and never match by type
 * and name alone.
 */

export type InstanceKey = string | number;

export interface ModuleStep {
  name: string;
  key?: InstanceKey;
}

export interface ResourceAddress {
  module: ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: InstanceKey;
}

/** One traversal step: an attribute name or an index/key. */
type Step = { attr: string } | { index: InstanceKey };

/** Splits `a.b["x.y"][0].c` into steps; undefined when the text is not a traversal. */
export function traversal(text: string): Step[] | undefined {
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const end = indexEnd(text, i);
      if (end < 0) return undefined;
      const inner = text.slice(i + 1, end);
      if (inner.startsWith('"')) {
        try {
          steps.push({ index: JSON.parse(inner) as string });
        } catch {
          return undefined;
        }
      } else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else return undefined; // a dynamic index (each.key, count.index) is not an instance key
      i = end + 1;
      if (text[i] === '.') i++;
      continue;
    }
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
    if (!match) return undefined;
    steps.push({ attr: match[0] });
    i += match[0].length;
    if (text[i] === '.') i++;
  }
  return steps;
}

function indexEnd(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return i;
  }
  return -1;
}

/** Parses a full instance address (as in `resource_changes[].address`). */
export function parseAddress(text: string): ResourceAddress | undefined {
  const steps = traversal(text);
  if (!steps) return undefined;
  const module: ModuleStep[] = [];
  let i = 0;
  while (i < steps.length && 'attr' in steps[i]! && (steps[i] as { attr: string }).attr === 'module') {
    const name = steps[i + 1];
    if (!name || !('attr' in name)) return undefined;
    const step: ModuleStep = { name: name.attr };
    const next = steps[i + 2];
    if (next && 'index' in next) {
      step.key = next.index;
      i += 3;
    } else i += 2;
    module.push(step);
  }
  let mode: 'managed' | 'data' = 'managed';
  const first = steps[i];
  if (first && 'attr' in first && first.attr === 'data') {
    mode = 'data';
    i++;
  }
  const type = steps[i];
  const name = steps[i + 1];
  if (!type || !name || !('attr' in type) || !('attr' in name)) return undefined;
  const key = steps[i + 2];
  const address: ResourceAddress = { module, mode, type: type.attr, name: name.attr };
  if (key && 'index' in key) address.key = key.index;
  if (steps.length > i + (address.key !== undefined ? 3 : 2)) return undefined;
  return address;
}

export function formatKey(key: InstanceKey): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export function formatModule(module: ModuleStep[]): string {
  return module
    .map((step) => `module.${step.name}${step.key !== undefined ? formatKey(step.key) : ''}`)
    .join('.');
}

export function formatAddress(address: ResourceAddress): string {
  const prefix = formatModule(address.module);
  const resource = `${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}${address.key !== undefined ? formatKey(address.key) : ''}`;
  return prefix ? `${prefix}.${resource}` : resource;
}

/** The configuration path of a module instance: call names without keys (`a.b`). */
export function configPath(module: ModuleStep[]): string {
  return module.map((step) => step.name).join('.');
}

/** A reference from a configuration expression, relative to the module it appears in. */
export type Reference =
  | {
      kind: 'resource';
      mode: 'managed' | 'data';
      type: string;
      name: string;
      key?: InstanceKey;
      attribute: string[];
    }
  | { kind: 'var'; name: string; attribute: string[] }
  | { kind: 'module'; name: string; key?: InstanceKey; output?: string; attribute: string[] }
  | { kind: 'other'; text: string };

const NON_RESOURCE_ROOTS = new Set(['local', 'each', 'count', 'path', 'terraform', 'self']);

export function parseReference(text: string): Reference {
  const steps = traversal(text);
  const other: Reference = { kind: 'other', text };
  if (!steps || steps.length < 2) return other;
  const [root, second] = steps;
  if (!root || !('attr' in root) || !second) return other;
  const rest = (from: number): string[] =>
    steps.slice(from).map((step) => ('attr' in step ? step.attr : String(step.index)));
  if (NON_RESOURCE_ROOTS.has(root.attr)) return other;
  if (root.attr === 'var')
    return 'attr' in second ? { kind: 'var', name: second.attr, attribute: rest(2) } : other;
  if (root.attr === 'module') {
    if (!('attr' in second)) return other;
    let i = 2;
    let key: InstanceKey | undefined;
    const maybeKey = steps[2];
    if (maybeKey && 'index' in maybeKey) {
      key = maybeKey.index;
      i = 3;
    }
    const output = steps[i];
    const reference: Reference = { kind: 'module', name: second.attr, attribute: rest(i + 1) };
    if (key !== undefined) reference.key = key;
    if (output && 'attr' in output) reference.output = output.attr;
    return reference;
  }
  let i = 0;
  let mode: 'managed' | 'data' = 'managed';
  if (root.attr === 'data') {
    mode = 'data';
    i = 1;
  }
  const type = steps[i];
  const name = steps[i + 1];
  if (!type || !name || !('attr' in type) || !('attr' in name)) return other;
  const reference: Reference = { kind: 'resource', mode, type: type.attr, name: name.attr, attribute: [] };
  let j = i + 2;
  const key = steps[j];
  if (key && 'index' in key) {
    reference.key = key.index;
    j++;
  }
  reference.attribute = rest(j);
  return reference;
}
