import type { Scanner } from './scanner.js';
import { s3Scanner } from './s3.js';
import { sagemakerScanner } from './sagemaker.js';
import { kmsScanner } from './kms.js';
import { ec2Scanner } from './ec2.js';
import { iamScanner } from './iam.js';

/** Every scanner; the collector runs those whose resource types the enabled rules need. */
export const scanners: Scanner[] = [s3Scanner, sagemakerScanner, kmsScanner, ec2Scanner, iamScanner];

export { resourceTypes } from './resource-types.js';
