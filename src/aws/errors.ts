import type { CollectionError } from '../model/resource.js';

interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

/** The AWS error code of an SDK error (`AccessDenied`, `NoSuchBucketPolicy`, …). */
export function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const shape = error as SdkErrorShape;
  return shape.Code ?? shape.name ?? 'UnknownError';
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as SdkErrorShape;
  return shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
}

/**
 * Turns an SDK error into a CollectionError. An endpoint that answers an HTML error page (an emulator's
 * unimplemented operation) makes the SDK throw a deserialization error; its HTTP status is still known.
 */
export function toCollectionError(error: unknown, operation: string): CollectionError {
  const status = httpStatus(error);
  let code = errorCode(error);
  let message = error instanceof Error ? error.message : String(error);
  if (code === 'Error' || code === 'SyntaxError' || /Deserialization error/i.test(message)) {
    code = status !== undefined && status >= 500 ? 'ServiceError' : 'UnreadableResponse';
    message = `${operation} answered HTTP ${status ?? '?'} with a body that is not an AWS response`;
  }
  message = message.split('\n')[0]?.slice(0, 500) ?? message;
  return status === undefined ? { code, message, operation } : { code, message, operation, httpStatus: status };
}
