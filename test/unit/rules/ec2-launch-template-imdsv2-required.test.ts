import rule from '../../../src/rules/ec2/launch-template-imdsv2-required.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { launchTemplate } from './ec2-fixtures.js';

const options = (httpTokens: string | null, httpEndpoint: string | null = 'enabled') => ({ metadataOptions: { httpTokens, httpEndpoint, httpPutResponseHopLimit: null } });

testRule(rule, {
  pass: [
    { name: 'tokens required', resource: launchTemplate(), message: /default version 3 requires IMDSv2/ },
    { name: 'metadata endpoint disabled', resource: launchTemplate(options('optional', 'disabled')), message: /disables the instance metadata endpoint/ },
  ],
  fail: [
    {
      name: 'IMDSv1 allowed',
      evidence: { metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: null } },
      resource: launchTemplate(options('optional')),
      message: /default version 3 lets instances accept IMDSv1 requests \(HttpTokens = optional\)/,
      path: 'data.metadataOptions.httpTokens',
      severity: 'high',
    },
    {
      name: 'tokens not set',
      evidence: { metadataOptions: { httpTokens: null, httpEndpoint: null, httpPutResponseHopLimit: null } },
      resource: launchTemplate(options(null, null)),
      message: /HttpTokens not set/,
      path: 'data.metadataOptions.httpTokens',
    },
    {
      name: 'no metadata options at all',
      resource: launchTemplate({ metadataOptions: null, defaultVersionNumber: 1 }),
      message: /default version 1 sets no metadata options/,
      path: 'data.metadataOptions',
    },
  ],
  error: [
    {
      name: 'default versions unreadable',
      resource: launchTemplate({}, { errors: { metadataOptions: accessDenied('EC2.DescribeLaunchTemplateVersions') } }),
      message: /metadataOptions could not be read \(EC2\.DescribeLaunchTemplateVersions: AccessDenied/,
    },
  ],
});
