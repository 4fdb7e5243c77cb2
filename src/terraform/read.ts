/**
 * Reads `terraform show -json` output: from a file (through the project's input-file reader) or stdin, UTF-8
 * or UTF-16 (BOM-sniffed, as Windows shells write it), size-capped and nesting-bounded before parsing — with
 * the plan's own limits: plans are larger and nest deeper than the other inputs — then gated: a supported format major,
 * not an errored plan, and really a plan (a state file or a squadguard report is named as what it is).
 */
import { readSync } from 'node:fs';
import { UsageError } from '../pipeline/errors.js';
import { firstInvalidUtf8, InputFileError, readInputBytes } from '../policy/input-file.js';
import { clip, inert } from '../text/inert.js';
import type { PlanJson, ResourceChangeJson } from './plan-json.js';

/** Plans of large estates run to tens of MB; 256 MiB is far above any real one and bounds memory. */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;
/** Real plans nest a few dozen levels (modules × nested blocks); deeper input is refused, not recursed into. */
export const MAX_PLAN_DEPTH = 200;

export interface ReadPlan {
  plan: PlanJson;
  /** Why the plan cannot show everything it will do (`complete: false`, deferred changes, unknown keys). */
  incomplete: string[];
}

/**
 * Reads the bytes of `path` (`-` = stdin) up to the cap. A file goes through the project's input-file
 * reader (regular files only, checked on the opened descriptor; the cap checked before reading); decoding
 * stays here, because plans may be UTF-16.
 */
export function readPlanBytes(path: string, maxBytes = MAX_PLAN_BYTES): Buffer {
  if (path === '-') return readStdinSync(maxBytes);
  try {
    return readInputBytes(path, maxBytes);
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`cannot read plan ${path}: ${error.message}`);
    throw error;
  }
}

/** Stdin read synchronously (for callers without a loop to wait on); `readPlanInput` reads it asynchronously. */
function readStdinSync(maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 20);
  for (;;) {
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new UsageError(`cannot read plan stdin: ${code ?? (error as Error).message}`);
    }
    if (read === 0) break;
    total += read;
    if (total > maxBytes) throw new UsageError(`plan stdin is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
  return Buffer.concat(chunks, total);
}

/** UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM; CRLF is JSON whitespace and needs nothing. */
export function decodePlanText(bytes: Buffer, name: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new UsageError(
      `plan ${name} is neither UTF-8 nor UTF-16 with a byte-order mark (invalid UTF-8 at byte offset ${firstInvalidUtf8(bytes)})`,
    );
  }
}

/** The deepest array/object nesting of a JSON text (strings skipped), stopping early past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Parses and gates a plan text; every refusal is a UsageError naming the input. */
export function parsePlan(text: string, name: string): ReadPlan {
  if (jsonDepth(text, MAX_PLAN_DEPTH) > MAX_PLAN_DEPTH)
    throw new UsageError(`plan ${name} nests deeper than ${MAX_PLAN_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`plan ${name} is not valid JSON: ${clip((error as Error).message, 200)}`);
  }
  const plan = asPlan(value, name);
  return { plan, incomplete: incompleteReasons(plan) };
}

/** Reads stdin to its end, refusing more than the cap (a pipe is read as it arrives, never busy-waited). */
export async function readStdinBytes(
  maxBytes = MAX_PLAN_BYTES,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) throw new UsageError(`plan stdin is larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Reads a plan from a file or, for `-`, from stdin. */
export async function readPlanInput(path: string, maxBytes = MAX_PLAN_BYTES): Promise<ReadPlan> {
  if (path !== '-') return readPlan(path, maxBytes);
  return parsePlan(decodePlanText(await readStdinBytes(maxBytes), 'stdin'), 'stdin');
}

export function readPlan(path: string, maxBytes = MAX_PLAN_BYTES): ReadPlan {
  const name = path === '-' ? 'stdin' : path;
  return parsePlan(decodePlanText(readPlanBytes(path, maxBytes), name), name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON document that is not a plan looks like it is, for the error message. */
function whatItIs(value: Record<string, unknown>): string {
  if ('schemaVersion' in value && 'findings' in value && 'summary' in value) return 'a squadguard report';
  if ('schemaVersion' in value && 'resources' in value && 'collectedAt' in value)
    return 'a squadguard inventory';
  if (
    'values' in value &&
    'format_version' in value &&
    !('resource_changes' in value) &&
    !('planned_values' in value)
  ) {
    return 'Terraform state JSON (`terraform show -json` without a plan file)';
  }
  if ('version' in value && 'lineage' in value && 'resources' in value)
    return 'a raw Terraform state file (terraform.tfstate)';
  if ('$schema' in value || 'runs' in value) return 'not a Terraform plan (a SARIF or other JSON document)';
  return 'not a Terraform plan (no format_version and resource_changes)';
}

function asPlan(value: unknown, name: string): PlanJson {
  if (!isRecord(value))
    throw new UsageError(`plan ${name} is not a Terraform plan: the JSON is not an object`);
  const format = value.format_version;
  const looksLikePlan = 'resource_changes' in value || 'planned_values' in value || 'configuration' in value;
  if (typeof format !== 'string' || !looksLikePlan)
    throw new UsageError(`plan ${name} is ${whatItIs(value)}`);
  const match = /^(\d+)\.(\d+)/.exec(format);
  if (!match)
    throw new UsageError(
      `plan ${name} has format_version ${inert(JSON.stringify(clip(format, 40)))}, not "major.minor"`,
    );
  const major = Number(match[1]);
  if (major > 1)
    throw new UsageError(
      `plan ${name} has format_version ${inert(clip(format, 40))}: only major versions 0 and 1 are supported`,
    );
  if (value.errored === true)
    throw new UsageError(`plan ${name} is an errored plan (terraform plan failed): fix the plan first`);
  if (value.resource_changes !== undefined && !Array.isArray(value.resource_changes)) {
    throw new UsageError(`plan ${name}: resource_changes is not a list`);
  }
  for (const [index, change] of ((value.resource_changes as unknown[] | undefined) ?? []).entries()) {
    const problem = changeProblem(change);
    if (problem) throw new UsageError(`plan ${name}: resource_changes[${index}] ${problem}`);
  }
  return value as unknown as PlanJson;
}

function changeProblem(change: unknown): string | undefined {
  if (!isRecord(change)) return 'is not an object';
  for (const key of ['address', 'type', 'name'] as const) {
    if (typeof change[key] !== 'string') return `has no ${key}`;
  }
  const inner = change.change;
  if (
    !isRecord(inner) ||
    !Array.isArray(inner.actions) ||
    !inner.actions.every((action) => typeof action === 'string')
  ) {
    return `(${inert(clip(String(change.address), 120))}) has no change.actions list`;
  }
  return undefined;
}

function incompleteReasons(plan: PlanJson): string[] {
  const reasons: string[] = [];
  if (plan.complete === false)
    reasons.push('the plan is not complete (complete: false: a -target plan or deferred work)');
  if (Array.isArray(plan.deferred_changes) && plan.deferred_changes.length > 0) {
    reasons.push(`${plan.deferred_changes.length} change(s) are deferred to a later plan (deferred_changes)`);
  }
  const unknownKeys = (plan.resource_changes ?? []).filter(
    (change: ResourceChangeJson) => change.index_unknown === true,
  );
  if (unknownKeys.length > 0) {
    reasons.push(
      `instance keys are unknown until apply for ${unknownKeys
        .map((change) => change.address)
        .slice(0, 5)
        .join(', ')}`,
    );
  }
  return reasons;
}
