/** KMS-key allow-lists shared by the encryption rules (S3, SageMaker): any KMS key, or one of the listed ARNs. */

export interface KmsParams extends Record<string, unknown> {
  allowedKeyArns: string[];
}

export const KMS_PARAMS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowedKeyArns: {
      type: 'array',
      items: { type: 'string', pattern: '^arn:aws[a-z-]*:kms:' },
      description: "KMS key ARNs the resource may use (the squad's customer-managed keys); empty = any KMS key.",
    },
  },
};

export const KMS_DEFAULTS: KmsParams = { allowedKeyArns: [] };

/**
 * Why a configured key does not satisfy the allow-list, or `undefined` when it does. SageMaker keeps the
 * key as given (id, ARN or alias ARN); an id matches an allowed ARN that ends with `/<id>`.
 */
export function keyProblem(key: string, params: KmsParams): string | undefined {
  if (params.allowedKeyArns.length === 0) return undefined;
  const allowed = params.allowedKeyArns.some((arn) => arn === key || arn.endsWith(`/${key}`));
  return allowed ? undefined : `${key} is not an allowed key`;
}
