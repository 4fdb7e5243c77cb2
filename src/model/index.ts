export * from './resource.js';
export * from './inventory.js';
export * from './finding.js';
export * from './policy-document.js';
export type * from './s3.js';
export type * from './iam.js';
export type * from './sagemaker.js';
export type * from './kms.js';
export type * from './ec2.js';
