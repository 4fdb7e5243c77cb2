import rule from '../../../src/rules/sagemaker/notebook-no-direct-internet.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { notebook } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'direct internet access disabled', resource: notebook(), message: /disabled/ }],
  fail: [
    {
      name: 'direct internet access enabled (the API default)',
      evidence: { directInternetAccess: 'Enabled' },
      resource: notebook({ directInternetAccess: 'Enabled' }),
      path: 'data.directInternetAccess',
      severity: 'high',
      message: /outside the squad VPC/,
    },
  ],
  error: [
    {
      name: 'describe denied',
      resource: notebook({}, { errors: { directInternetAccess: accessDenied('SageMaker.DescribeNotebookInstance') } }),
      message: /SageMaker.DescribeNotebookInstance: AccessDenied/,
    },
  ],
});
