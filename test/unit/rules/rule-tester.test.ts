import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/s3/bucket-acl-not-public.js';
import { accessDenied } from '../../support/fixtures.js';
import { assertStatesExpectation, judgeCase, type RuleCase } from '../../support/rule-tester.js';
import { ALL_OFF, bucket } from './s3-fixtures.js';

const publicRead = {
  name: 'AllUsers READ',
  resource: bucket({
    publicAccessBlock: ALL_OFF,
    acl: { ownerId: 'o', grants: [{ granteeType: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }] },
  }),
  message: /AllUsers:READ/,
} satisfies RuleCase;
const unreadable = {
  name: 'ACL read denied',
  resource: bucket({}, { errors: { acl: accessDenied('S3.GetBucketAcl') } }),
  message: /acl could not be read/,
} satisfies RuleCase;

const assertFor = (status: 'fail' | 'error', testCase: RuleCase) => () =>
  assertStatesExpectation(rule, status, testCase, judgeCase(rule, testCase).filter((finding) => finding.status === status));

describe('the rule tester', () => {
  it('refuses a fail or error case that states neither message nor path', () => {
    expect(assertFor('fail', { ...publicRead, message: undefined })).toThrow(
      'Did not specify message/path for a fail case of s3-bucket-acl-not-public ("AllUsers READ")',
    );
  });

  it('refuses a fail case whose rule reports evidence the case does not state, and shows that evidence', () => {
    expect(assertFor('fail', publicRead)).toThrow(
      /^Did not specify evidence for a fail case of s3-bucket-acl-not-public \("AllUsers READ"\): the rule reports evidence \{"grants":\[\{.*"permission":"READ"\}\]\}$/,
    );
  });

  it('refuses an empty evidence expectation', () => {
    expect(assertFor('fail', { ...publicRead, evidence: {} })).toThrow(/^Empty evidence expectation for a fail case/);
  });

  it('accepts the case once it states evidence, or asserts through a check instead', () => {
    expect(assertFor('fail', { ...publicRead, evidence: { grants: [{ permission: 'READ' }] } })).not.toThrow();
    expect(assertFor('fail', { ...publicRead, check: () => undefined })).not.toThrow();
  });

  it("does not ask an error case to restate the engine's own evidence of an unread attribute", () => {
    const findings = judgeCase(rule, unreadable);
    expect(findings.map((finding) => Object.keys(finding.evidence ?? {}))).toEqual([['collectionErrors']]);
    expect(assertFor('error', unreadable)).not.toThrow();
  });
});
