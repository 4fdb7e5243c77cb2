/**
 * Which resources an action can act on, from the catalogue's resource types and their ARN formats: a grant
 * counts for an action only on resource patterns that can name one of them. `iam:CreatePolicyVersion` on
 * `arn:aws:iam::aws:policy/*` (AWS managed policies, account `aws`) can never change a policy — an account
 * is twelve digits in every ARN format — and `iam:AttachRolePolicy` on `user/*` attaches nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, catalogueDataDirectory } from './catalogue.js';
import { DIGIT, globsOverlap } from './glob-overlap.js';

const formatsByService = new Map<string, Map<string, string>>();

/** `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` → `arn:*:iam::<12 digits>:role/*`. */
function formatGlob(arn: string): string {
  return arn.replace(/\$\{Account\}/g, DIGIT.repeat(12)).replace(/\$\{[^}]*\}/g, '*');
}

function serviceFormats(service: string): Map<string, string> {
  let formats = formatsByService.get(service);
  if (formats) return formats;
  formats = new Map();
  try {
    const raw = JSON.parse(readFileSync(join(catalogueDataDirectory(), 'resourceTypes', `${service}.json`), 'utf8')) as Record<string, { key?: string; arn?: string }>;
    for (const [key, type] of Object.entries(raw)) if (type.arn) formats.set((type.key ?? key).toLowerCase(), formatGlob(type.arn));
  } catch {
    // Unknown formats: every pattern is assumed to fit (see canActOn).
  }
  formatsByService.set(service, formats);
  return formats;
}

/** The ARN globs of the resources an action acts on; undefined when the catalogue cannot say. */
export function actionResourceGlobs(index: number): string[] | undefined {
  const { names, resourceTypes } = catalogue();
  const types = resourceTypes[index] ?? [];
  if (types.length === 0) return undefined;
  const service = names[index]!.split(':')[0]!.toLowerCase();
  const formats = serviceFormats(service);
  const globs: string[] = [];
  for (const type of types) {
    const glob = formats.get(type.toLowerCase());
    if (!glob) return undefined;
    globs.push(glob);
  }
  return globs;
}

const verdicts = new Map<string, boolean>();
/** Many actions share a resource type: the overlap of a pattern with a type's format is computed once. */
const overlaps = new Map<string, boolean>();

function overlapCached(pattern: string, format: string): boolean {
  const key = `${format}\u0000${pattern}`;
  let result = overlaps.get(key);
  if (result === undefined) {
    result = arnsOverlap(pattern, format);
    if (overlaps.size > 200_000) overlaps.clear();
    overlaps.set(key, result);
  }
  return result;
}

/** Splits `arn:partition:service:region:account:resource` into its six fields (the resource keeps its colons). */
function arnFields(arn: string): string[] | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    fields.push(arn.slice(start, colon));
    start = colon + 1;
  }
  fields.push(arn.slice(start));
  return fields;
}

/**
 * ARN patterns overlap field by field: a wildcard in a policy ARN stays inside its field (partition,
 * service, region, account), so `arn:aws:iam::aws:policy/*` never reaches an account's policies. A pattern
 * that is not an ARN is compared whole.
 */
function arnsOverlap(pattern: string, format: string): boolean {
  const a = arnFields(pattern);
  const b = arnFields(format);
  if (!a || !b || a[0] !== 'arn') return globsOverlap(pattern, format);
  return a.every((field, i) => globsOverlap(field, b[i]!));
}

/**
 * Whether a resource pattern of a statement can name a resource the action acts on. Actions without
 * resource types (only `*`) and actions whose formats the catalogue lacks are given the benefit: true.
 * Policy variables (`${aws:username}`) are read as wildcards.
 */
export function canActOn(index: number, pattern: string): boolean {
  if (/^\*+$/.test(pattern)) return true;
  const key = `${index}\u0000${pattern}`;
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached;
  const globs = actionResourceGlobs(index);
  const concrete = pattern.replace(/\$\{[^}]*\}/g, '*');
  const verdict = globs === undefined || globs.some((glob) => overlapCached(concrete, glob));
  if (verdicts.size > 200_000) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}
