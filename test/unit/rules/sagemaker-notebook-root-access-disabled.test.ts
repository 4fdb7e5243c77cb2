import rule from '../../../src/rules/sagemaker/notebook-root-access-disabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { notebook } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'root access disabled', resource: notebook({ rootAccess: 'Disabled' }) }],
  fail: [{ name: 'root access enabled', evidence: { rootAccess: 'Enabled' }, resource: notebook({ rootAccess: 'Enabled' }), path: 'data.rootAccess', message: /root access/ }],
  error: [{ name: 'describe denied', message: /rootAccess could not be read \(SageMaker\.DescribeNotebookInstance: AccessDenied\)/, resource: notebook({}, { errors: { rootAccess: accessDenied('SageMaker.DescribeNotebookInstance') } }) }],
  notApplicable: [],
});
