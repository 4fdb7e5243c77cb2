import type { ServiceName } from './clients.js';

/**
 * `Service.Operation` as the API meter counts a call: the client's name and the SDK command's class name
 * (`GetBucketPolicyCommand` → `S3.GetBucketPolicy`). Code names the command class; the name is derived.
 */
export function operationOf(service: ServiceName | 'SecurityHub', command: { readonly name: string }): string {
  return `${service}.${command.name.replace(/Command$/, '')}`;
}
