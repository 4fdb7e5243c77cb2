/**
 * The normalized resource model. Every resource is plain JSON so an inventory can be written, read back
 * and evaluated elsewhere. Services add their resource types by augmenting `ResourceDataByType`.
 */

/** Why an attribute (or a whole service/region) could not be read. */
export interface CollectionError {
  /** AWS error code (AccessDenied, ThrottlingException, …) or a squadguard code. */
  code: string;
  message: string;
  /** The API operation that failed, as `Service.Operation`. */
  operation: string;
  httpStatus?: number;
}

/**
 * Maps a resource type id to the shape of its `data`. Each model file augments this interface:
 * `declare module './resource.js' { interface ResourceDataByType { 'aws.s3.bucket': S3BucketData } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ResourceDataByType {}

export type ResourceType = keyof ResourceDataByType & string;

export interface Resource<T extends string = string, D = Record<string, unknown>> {
  type: T;
  /** The resource's real ARN, as the AWS API returns it: findings are fingerprinted by (rule id, arn). */
  arn: string;
  accountId: string;
  /** `global` for global services (IAM, the S3 account settings). */
  region: string;
  name: string;
  tags: Record<string, string>;
  data: D;
  /**
   * Attribute that could not be read → why (`tags` included). An attribute absent from both `data` and
   * `errors` was not collected: rules that need it get an `error` result, never a guess.
   */
  errors: Partial<Record<(keyof D & string) | 'tags', CollectionError>>;
  /** Set on resources read from a Terraform plan: the instance address they come from. */
  terraformAddress?: string;
}

/** The typed resource of a registered type. */
export type ResourceOf<T extends ResourceType> = Resource<T, ResourceDataByType[T]>;

/** Any resource, typed loosely: what inventories and the engine handle. */
export type AnyResource = Resource<string, Record<string, unknown>>;

/** An attribute a rule may need: a field of `data`, or the resource's `tags`. */
export type AttributeOf<T extends ResourceType> = (keyof ResourceDataByType[T] & string) | 'tags';
