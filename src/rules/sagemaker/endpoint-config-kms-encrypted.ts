import { defineRule, fail, pass } from '../rule.js';
import { KMS_PARAMS_SCHEMA, keyProblem } from '../allowed-keys.js';

interface Params extends Record<string, unknown> {
  allowedKeyArns: string[];
  instanceStoreFamilies: string[];
}

/** `ml.g4dn.xlarge` → `g4dn`. */
function familyOf(instanceType: string | null): string | undefined {
  return instanceType?.split('.')[1];
}

const DEFAULTS: Params = {
  allowedKeyArns: [],
  instanceStoreFamilies: ['c5d', 'm5d', 'r5d', 'g4dn', 'g5', 'g6', 'g6e', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'trn1', 'trn1n'],
};

export default defineRule({
  id: 'sagemaker-endpoint-config-kms-encrypted',
  title: 'SageMaker endpoint configs encrypt endpoint storage with a customer KMS key',
  severity: 'high',
  resourceType: 'aws.sagemaker.endpoint-config',
  needs: ['kmsKeyId', 'productionVariants', 'dataCapture'],
  description:
    'Every endpoint config — used by an endpoint or not: configs are created ahead of promotion, and AWS Config\'s managed rule judges them all — sets `KmsKeyId` for the ML storage volumes of the endpoint instances (with `allowedKeyArns`, one of those keys), and data capture, when on, writes with a KMS key. Configs whose variants are all serverless or use instance families with local NVMe storage (`instanceStoreFamilies`, encrypted by hardware; SageMaker rejects a key there) pass without a key.',
  rationale:
    'Endpoint volumes hold the model artifacts; captured requests and responses hold production data. Customer keys put both under the squad\'s key policy and CloudTrail.',
  remediation:
    'Terraform: `aws_sagemaker_endpoint_configuration` with `kms_key_arn` = the squad key ARN, and `data_capture_config { kms_key_id = ... }` when capturing. A config cannot be changed: create a new one and point the endpoint (`aws_sagemaker_endpoint.endpoint_config_name`) at it.',
  references: {
    docs: [
      'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html#sagemaker-CreateEndpointConfig-request-KmsKeyId',
      'https://docs.aws.amazon.com/config/latest/developerguide/sagemaker-endpoint-configuration-kms-key-configured.html',
    ],
  },
  params: {
    ...KMS_PARAMS_SCHEMA,
    properties: {
      ...KMS_PARAMS_SCHEMA.properties,
      instanceStoreFamilies: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z0-9]+$' },
        description: 'Instance families (`g4dn` of `ml.g4dn.xlarge`) with local NVMe storage, for which SageMaker rejects a KMS key.',
      },
    },
  },
  defaults: DEFAULTS,
  check(config, { params }) {
    const { kmsKeyId, productionVariants, dataCapture } = config.data;
    const problems: Array<{ path: string; message: string }> = [];
    const ebsVariants = productionVariants.filter(
      (variant) => !variant.serverless && !params.instanceStoreFamilies.includes(familyOf(variant.instanceType) ?? ''),
    );
    if (kmsKeyId !== null) {
      const problem = keyProblem(kmsKeyId, params);
      if (problem) problems.push({ path: 'data.kmsKeyId', message: `the storage key ${problem}` });
    } else if (ebsVariants.length > 0) {
      problems.push({
        path: 'data.kmsKeyId',
        message: `no customer KMS key for the storage volumes of variant(s) ${ebsVariants.map((v) => `${v.variantName} (${v.instanceType ?? '?'})`).join(', ')}`,
      });
    }
    if (dataCapture?.enabled && dataCapture.kmsKeyId === null) {
      problems.push({ path: 'data.dataCapture.kmsKeyId', message: 'data capture is on without a KMS key' });
    }
    const evidence = { kmsKeyId, dataCapture, variants: productionVariants.map((v) => ({ name: v.variantName, instanceType: v.instanceType, serverless: v.serverless })) };
    if (problems.length > 0) return fail(problems.map((p) => p.message).join('; '), { path: problems[0]?.path, evidence });
    if (kmsKeyId !== null) return pass(`endpoint storage is encrypted with ${kmsKeyId}`, { evidence });
    return pass('no variant uses EBS storage (serverless, or local NVMe storage encrypted by hardware)', { evidence });
  },
});
