/**
 * The resource types each scanner produces, known without loading the scanners (and with them the AWS SDK):
 * policy validation and the offline commands need the list, not the scanners.
 */
export const SCANNED_TYPES = {
  s3: ['aws.s3.bucket', 'aws.s3.account'],
  sagemaker: [
    'aws.sagemaker.notebook-instance',
    'aws.sagemaker.domain',
    'aws.sagemaker.job',
    'aws.sagemaker.model',
    'aws.sagemaker.endpoint',
    'aws.sagemaker.endpoint-config',
    'aws.sagemaker.model-package-group',
    'aws.sagemaker.model-package',
  ],
  kms: ['aws.kms.key'],
  ec2: ['aws.ec2.vpc', 'aws.ec2.subnet', 'aws.ec2.security-group', 'aws.ec2.volume', 'aws.ec2.instance', 'aws.ec2.launch-template', 'aws.ec2.region-settings'],
  iam: ['aws.iam.role', 'aws.iam.user', 'aws.iam.group', 'aws.iam.policy', 'aws.iam.account', 'aws.iam.root'],
} as const;

/** Resource types the scanners can produce (custom rules may target any of them). */
export const resourceTypes: string[] = Object.values(SCANNED_TYPES).flat();
