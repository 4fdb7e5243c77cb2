/**
 * One set of checks over every built-in rule (ESLint's checkRuleFiles): where its file and test live, that
 * the docs and the baseline list it, that its metadata is complete, that what it reads exists, and that its
 * defaults satisfy its own params schema.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IamGroupData } from '../../../src/model/iam.js';
import type { AnyResource } from '../../../src/model/resource.js';
import type { S3AccountData } from '../../../src/model/s3.js';
import { createAjv } from '../../../src/schema/ajv.js';
import { builtinRules } from '../../../src/rules/index.js';
import { judgedTypes, type Rule } from '../../../src/rules/rule.js';
import { resourceTypes } from '../../../src/scanners/index.js';
import { resource } from '../../support/fixtures.js';
import { projectRoot } from '../../support/paths.js';
import { instance, launchTemplate, regionSettings, securityGroup, subnet, volume, vpc } from './ec2-fixtures.js';
import { account, doc, managed, role, root, user } from './iam-fixtures.js';
import { key } from './kms-fixtures.js';
import { bucket } from './s3-fixtures.js';
import { domain, endpoint, endpointConfig, job, model, modelPackage, notebook, packageGroup } from './sagemaker-fixtures.js';

const RULES_DIR = resolve(projectRoot, 'src/rules');
const docs = readFileSync(resolve(projectRoot, 'docs/rules.md'), 'utf8');
const baseline = readFileSync(resolve(projectRoot, 'policies/platform-baseline.yaml'), 'utf8');

/** `src/rules/<id prefix>/<id without it>.ts`: `vpc-flow-logs-enabled` is `src/rules/vpc/flow-logs-enabled.ts`. */
function fileOf(id: string): string {
  const [prefix, ...rest] = id.split('-');
  return join(RULES_DIR, prefix!, `${rest.join('-')}.ts`);
}

/** One complete resource of every modelled type (the fixtures start from a compliant, fully collected one). */
const GROUP: IamGroupData = { path: '/', groupId: 'AGPAEXAMPLE', inlinePolicies: [], attachedPolicies: [] };
const S3_ACCOUNT: S3AccountData = { publicAccessBlock: null };
const SAMPLES: AnyResource[] = [
  bucket(),
  resource('aws.s3.account', { ...S3_ACCOUNT }),
  key(),
  vpc(),
  subnet(),
  securityGroup(),
  volume(),
  instance(),
  launchTemplate(),
  regionSettings(),
  role(),
  user(),
  resource('aws.iam.group', { ...GROUP }),
  managed('example', doc()),
  account(),
  root(),
  notebook(),
  domain(),
  job(),
  model(),
  endpoint(),
  endpointConfig(),
  modelPackage(),
  packageGroup(),
];
const MODEL = new Map(SAMPLES.map((sample) => [sample.type, new Set([...Object.keys(sample.data), 'tags'])]));

/** Every attribute the rule reads, by resource type: judged (needs, optional) and related. */
function reads(rule: Rule): Array<[string, string[]]> {
  return [...judgedTypes(rule), ...(rule.optional ? [[rule.resourceType, rule.optional] as [string, string[]]] : []), ...Object.entries(rule.related ?? {})];
}

describe('rule catalogue', () => {
  it('every modelled type a scanner emits has a sample here', () => {
    expect([...MODEL.keys()].sort()).toEqual([...resourceTypes].sort());
  });

  it('ids are unique', () => {
    const ids = builtinRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every rule file under src/rules/ is a built-in rule', () => {
    const ids = new Set(builtinRules.map((rule) => rule.id));
    for (const dir of readdirSync(RULES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      for (const file of readdirSync(join(RULES_DIR, dir.name)).filter((name) => name.endsWith('.ts'))) {
        const text = readFileSync(join(RULES_DIR, dir.name, file), 'utf8');
        if (!/^export default /m.test(text)) continue;
        expect(ids, `${dir.name}/${file}`).toContain(`${dir.name}-${file.replace(/\.ts$/, '')}`);
      }
    }
  });

  describe.each(builtinRules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it('is a kebab-case id with its service prefix, in src/rules/<prefix>/<id without it>.ts, tested in test/unit/rules/<id>.test.ts', () => {
      expect(id).toMatch(/^(s3|kms|ec2|vpc|ebs|iam|sagemaker|isolation)-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(existsSync(fileOf(id)), fileOf(id)).toBe(true);
      expect(readFileSync(fileOf(id), 'utf8')).toContain(`id: '${id}'`);
      expect(existsSync(resolve(projectRoot, `test/unit/rules/${id}.test.ts`)), `test/unit/rules/${id}.test.ts`).toBe(true);
    });

    it('is listed in docs/rules.md and enabled in policies/platform-baseline.yaml', () => {
      expect(docs).toContain(`\n## ${id}\n`);
      expect(baseline).toMatch(new RegExp(`^  ${id}: on$`, 'm'));
    });

    it('has a title, description, rationale, a remediation naming the Terraform setting, and a reference', () => {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(30);
      expect(rule.rationale.length).toBeGreaterThan(30);
      // Root credentials are not managed by Terraform: those rules say what to do in the console.
      if (!id.startsWith('iam-root-')) expect(rule.remediation).toMatch(/Terraform|aws_[a-z0-9_]+|assume_role_policy|permissions_boundary/);
      expect(Object.values(rule.references).flat().length).toBeGreaterThan(0);
    });

    it('reads only attributes the model has, of types a scanner emits', () => {
      for (const [type, attributes] of reads(rule)) {
        expect(resourceTypes, type).toContain(type);
        for (const attribute of attributes) expect([...(MODEL.get(type) ?? [])], `${type}.${attribute}`).toContain(attribute);
      }
    });

    it('its defaults satisfy its params schema, and it has defaults exactly when it has params', () => {
      expect(rule.defaults === undefined).toBe(rule.params === undefined);
      if (!rule.params) return;
      const validate = createAjv().compile(rule.params);
      expect(validate(rule.defaults), JSON.stringify(validate.errors)).toBe(true);
    });
  });
});
