import { createRequire } from 'node:module';
import type * as ClientEc2 from '@aws-sdk/client-ec2';
import type * as ClientIam from '@aws-sdk/client-iam';
import type * as ClientKms from '@aws-sdk/client-kms';
import type * as ClientOrganizations from '@aws-sdk/client-organizations';
import type * as ClientS3 from '@aws-sdk/client-s3';
import type * as ClientS3Control from '@aws-sdk/client-s3-control';
import type * as ClientSageMaker from '@aws-sdk/client-sagemaker';
import type * as ClientSts from '@aws-sdk/client-sts';
import type * as CoreClient from '@aws-sdk/core/client';
import type * as CredentialProviders from '@aws-sdk/credential-providers';

/** The SDK packages squadguard loads at run time, by name, with what each exports. */
export interface SdkPackages {
  '@aws-sdk/client-ec2': typeof ClientEc2;
  '@aws-sdk/client-iam': typeof ClientIam;
  '@aws-sdk/client-kms': typeof ClientKms;
  '@aws-sdk/client-organizations': typeof ClientOrganizations;
  '@aws-sdk/client-s3': typeof ClientS3;
  '@aws-sdk/client-s3-control': typeof ClientS3Control;
  '@aws-sdk/client-sagemaker': typeof ClientSageMaker;
  '@aws-sdk/client-sts': typeof ClientSts;
  '@aws-sdk/core/client': typeof CoreClient;
  '@aws-sdk/credential-providers': typeof CredentialProviders;
}

const requireSdk = createRequire(import.meta.url);

/**
 * An SDK package, loaded with require(). The packages are CommonJS with no `type` field: under Node 20 an
 * ESM `import` of one parses each of its files once more (to detect the module format and lex the export
 * names), about doubling its load time, all of it on the thread that should be answering the scan's calls.
 * require() returns the same module object (one copy) without that. Modules that import this stay lazy:
 * the package loads when the importing module is first evaluated.
 */
export function sdkPackage<N extends keyof SdkPackages>(name: N): SdkPackages[N] {
  return requireSdk(name) as SdkPackages[N];
}
