import { describe, expect, it } from 'vitest';
import { principalAccess } from '../../../src/analysis/iam/access.js';
import { actionIndex } from '../../../src/analysis/iam/catalogue.js';
import { findEscalations } from '../../../src/analysis/iam/escalation.js';
import { ESCALATION_PATHS, type EscalationPath } from '../../../src/analysis/iam/escalation-paths.js';
import type { PolicyDocument } from '../../../src/model/policy-document.js';
import { allow, deny, doc } from '../rules/iam-fixtures.js';

const found = (document: PolicyDocument, path: EscalationPath) =>
  findEscalations(principalAccess([{ kind: 'inline', policy: 'p', document }], null), [path])[0];

describe('escalation catalogue', () => {
  it('names only actions the catalogue knows (a typo would silently never match)', () => {
    for (const path of ESCALATION_PATHS) {
      for (const action of path.requires.flat()) expect(actionIndex(action), `${path.id}: ${action}`).toBeDefined();
      expect(path.sources.length, path.id).toBeGreaterThan(0);
    }
  });

  it('has unique ids and covers the paths the issue names', () => {
    const ids = ESCALATION_PATHS.map((path) => path.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['sagemaker-create-notebook-instance', 'sagemaker-create-training-job', 'sagemaker-create-processing-job', 'sagemaker-presigned-notebook-url', 'iam-update-assume-role-policy', 'datapipeline-create-pipeline']) {
      expect(ids).toContain(id);
    }
  });
});

describe.each(ESCALATION_PATHS.map((path) => [path.id, path] as const))('%s', (_id, path) => {
  const actions = path.requires.map((group) => group[0]!);

  it('positive: every requirement granted on *', () => {
    const match = found(doc(allow(actions)), path);
    expect(match?.path.id).toBe(path.id);
    expect(match?.level).toBe('unconditional');
    expect(match?.grants.map((grant) => grant.action)).toEqual(actions);
  });

  it('near miss: not reported', () => {
    let document: PolicyDocument;
    if (path.requires.length > 1) {
      // One requirement short (PassRole paths without the service call, or the service call without PassRole).
      document = doc(allow(actions.slice(0, -1)));
    } else if (actions[0]!.startsWith('iam:')) {
      // Scoped to one named principal/policy: the caller cannot pick a more privileged target.
      document = doc(allow(actions, 'arn:aws:iam::111122223333:user/${aws:username}'));
    } else {
      document = doc(allow(actions), deny(actions));
    }
    expect(found(document, path)).toBeUndefined();
  });
});

describe('alternatives and conditions', () => {
  const lambda = ESCALATION_PATHS.find((path) => path.id === 'lambda-create-function')!;

  it('an event source mapping replaces InvokeFunction', () => {
    const match = found(doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'])), lambda);
    expect(match?.grants[2]?.action).toBe('lambda:CreateEventSourceMapping');
  });

  it('PassRole with iam:PassedToService of the path is conditional; of another service, no path', () => {
    const passTo = (service: string) => allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': service } } });
    expect(found(doc(passTo('lambda.amazonaws.com'), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])), lambda)?.level).toBe('conditional');
    expect(found(doc(passTo('ec2.amazonaws.com'), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])), lambda)).toBeUndefined();
  });

  it('the compute call counts even when scoped to named resources', () => {
    const training = ESCALATION_PATHS.find((path) => path.id === 'sagemaker-create-training-job')!;
    expect(found(doc(allow('iam:PassRole'), allow('sagemaker:CreateTrainingJob', 'arn:aws:sagemaker:*:*:training-job/squad-a-*')), training)?.level).toBe('unconditional');
  });
});
