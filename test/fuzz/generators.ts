/**
 * Generators of hostile policies and inventories for the fuzz suite, from a fixed seed: the same cases on
 * every run and every machine. Each case says how to run the CLI on it and what the answer must be.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';

export interface FuzzCase {
  /** Class of hostility (for the counts). */
  kind: string;
  name: string;
  args: string[];
  /** Exit codes that are right for this input. */
  codes: number[];
  /** Text the output must contain when the input is rejected (the culprit file, a JSON path, a cause). */
  mentions: Array<string | RegExp>;
  /** Extra check on the run (e.g. the report written). */
  check?: (output: { stdout: string; stderr: string; outputDir: string }) => void;
  outputDir?: string;
}

/** mulberry32: a small seeded PRNG, enough for choosing cases. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Files {
  private counter = 0;
  constructor(readonly dir: string) {}

  write(stem: string, content: string | Buffer, extension = 'yaml'): string {
    const path = join(this.dir, `${stem}-${++this.counter}.${extension}`);
    writeFileSync(path, content);
    return path;
  }

  fifo(stem: string): string {
    const path = join(this.dir, `${stem}-${++this.counter}.fifo`);
    execFileSync('mkfifo', [path]);
    return path;
  }

  folder(stem: string): string {
    const path = join(this.dir, `${stem}-${++this.counter}.d`);
    mkdirSync(path);
    return path;
  }

  link(stem: string, target: string): string {
    const path = join(this.dir, `${stem}-${++this.counter}.yaml`);
    symlinkSync(target, path);
    return path;
  }

  out(): string {
    return join(this.dir, `out-${++this.counter}`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function basePolicy(): { [key: string]: Json } {
  return {
    name: 'fuzz',
    description: 'a policy under fuzzing',
    appliesTo: { accountTypes: ['modeling'] },
    defaultAccountType: 'modeling',
    rules: {
      's3-bucket-tls-only': 'on',
      's3-bucket-versioning-enabled': { severity: 'low' },
      's3-bucket-kms-encryption': { params: { allowedKeyArns: ['arn:aws:kms:eu-west-1:111122223333:key/abc'] } },
    },
    customRules: [
      {
        id: 'fuzz-owner-tag',
        title: 'Buckets carry an owner tag',
        severity: 'low',
        resourceType: 'aws.s3.bucket',
        needs: ['tags'],
        remediation: 'Tag it.',
        references: { docs: ['https://example.com'] },
        schema: { type: 'object', required: ['tags'] },
      },
    ],
    exceptions: [{ rule: 's3-bucket-tls-only', resources: ['arn:aws:s3:::fuzz-*'], reason: 'because', owner: 'team', expires: '2030-01-01' }],
  };
}

/** Where a value sits in the base policy, and what sort of value belongs there. */
export interface FieldSpot {
  pointer: string;
  sort: 'string' | 'object' | 'array' | 'setting';
  /** Whether any string is accepted there (free text) or only some (ids, enums, dates, patterns …). */
  free?: boolean;
}

export const FIELDS: FieldSpot[] = [
  { pointer: '/name', sort: 'string' },
  { pointer: '/description', sort: 'string', free: true },
  { pointer: '/defaultAccountType', sort: 'string', free: true },
  { pointer: '/appliesTo', sort: 'object' },
  { pointer: '/appliesTo/accountTypes', sort: 'array' },
  { pointer: '/appliesTo/accountTypes/0', sort: 'string', free: true },
  { pointer: '/rules', sort: 'object' },
  { pointer: '/rules/s3-bucket-tls-only', sort: 'setting' },
  { pointer: '/rules/s3-bucket-versioning-enabled/severity', sort: 'string' },
  { pointer: '/rules/s3-bucket-kms-encryption/params', sort: 'object' },
  { pointer: '/rules/s3-bucket-kms-encryption/params/allowedKeyArns/0', sort: 'string' },
  { pointer: '/customRules', sort: 'array' },
  { pointer: '/customRules/0', sort: 'object' },
  { pointer: '/customRules/0/id', sort: 'string' },
  { pointer: '/customRules/0/title', sort: 'string', free: true },
  { pointer: '/customRules/0/severity', sort: 'string' },
  { pointer: '/customRules/0/resourceType', sort: 'string' },
  { pointer: '/customRules/0/needs', sort: 'array' },
  { pointer: '/customRules/0/remediation', sort: 'string', free: true },
  { pointer: '/customRules/0/references/docs/0', sort: 'string', free: true },
  { pointer: '/customRules/0/schema', sort: 'object' },
  { pointer: '/exceptions', sort: 'array' },
  { pointer: '/exceptions/0', sort: 'object' },
  { pointer: '/exceptions/0/rule', sort: 'string' },
  { pointer: '/exceptions/0/resources', sort: 'array' },
  { pointer: '/exceptions/0/resources/0', sort: 'string', free: true },
  { pointer: '/exceptions/0/reason', sort: 'string', free: true },
  { pointer: '/exceptions/0/owner', sort: 'string', free: true },
  { pointer: '/exceptions/0/expires', sort: 'string' },
  { pointer: '/extends', sort: 'string' },
];

/** Values of the wrong sort for a spot (each certainly invalid there). */
export function wrongValues(sort: FieldSpot['sort']): Json[] {
  switch (sort) {
    case 'string':
      return [42, true, null, [], { a: 1 }];
    case 'object':
      return [42, 'text', null, [1, 2]];
    case 'array':
      return [42, 'text', { a: 1 }, null];
    case 'setting':
      return [42, true, null, [], 'maybe'];
  }
}

/** A copy of the document with the value at `pointer` replaced (parents created as needed). */
export function setAt(document: { [key: string]: Json }, pointer: string, value: Json): { [key: string]: Json } {
  const copy = structuredClone(document);
  const parts = pointer.slice(1).split('/');
  let at: Json = copy;
  for (const part of parts.slice(0, -1)) {
    const container = at as { [key: string]: Json };
    if (typeof container[part] !== 'object' || container[part] === null) container[part] = /^\d+$/.test(parts[parts.indexOf(part) + 1] ?? '') ? [] : {};
    at = container[part] as Json;
  }
  // defineProperty: `__proto__` must become a key, not the object's prototype.
  Object.defineProperty(at, parts.at(-1) as string, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Renders a document as YAML or JSON, by the PRNG. */
/** JSON with every non-ASCII character escaped: control characters reach the parser as `\u` escapes. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function render(document: Json, random: () => number): { text: string; extension: string } {
  return random() < 0.5 ? { text: JSON.stringify(document, null, random() < 0.5 ? 2 : 0), extension: 'json' } : { text: toYaml(document), extension: 'yaml' };
}

export function baseInventory(): { [key: string]: Json } {
  return {
    schemaVersion: 1,
    collectedAt: '2026-11-01T00:00:00.000Z',
    targets: [{ accountId: '111122223333', name: 'fuzz', squad: 'fuzzers', accountType: 'modeling', regions: ['eu-west-1'] }],
    resources: [
      {
        type: 'aws.s3.bucket',
        arn: 'arn:aws:s3:::fuzz-bucket',
        accountId: '111122223333',
        region: 'eu-west-1',
        name: 'fuzz-bucket',
        tags: { owner: 'team' },
        data: {
          policy: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::fuzz-bucket/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
          },
          versioning: 'Enabled',
        },
        errors: { encryption: { code: 'AccessDenied', message: 'denied', operation: 'S3.GetBucketEncryption' } },
      },
      {
        type: 'aws.iam.role',
        arn: 'arn:aws:iam::111122223333:role/fuzz-role',
        accountId: '111122223333',
        region: 'global',
        name: 'fuzz-role',
        tags: {},
        data: {},
        errors: {},
      },
    ],
    errors: [],
    apiCalls: { 'S3.ListBuckets': 1 },
    collected: { 'aws.s3.bucket': ['policy', 'versioning', 'encryption', 'tags'] },
  };
}

export const CONTROLS = ['\u001b[2J\u001b[H', '\u001b]8;;http://evil.example/\u0007link\u001b]8;;\u0007', '\r\u001b[Kok', 'bs\b\b', 'bell\u0007', 'c1\u009b31m', 'rtl\u202egnp.exe', 'del\u007f', 'esc-title\u001b]0;pwned\u0007'];
