import type { CollectionError } from '../model/resource.js';
import { attemptOf, classifyNetworkError } from './network-errors.js';

interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
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
 * Turns an SDK error into a CollectionError. A network failure (refused, DNS, TLS, reset, timeout) is named
 * with its `host:port` and the attempts made. An endpoint that answers an HTML error page (an emulator's
 * unimplemented operation) makes the SDK throw a deserialization error; its HTTP status is still known.
 */
export function toCollectionError(error: unknown, operation: string): CollectionError {
  const network = classifyNetworkError(error);
  if (network) {
    const attempts = typeof error === 'object' && error !== null ? (error as SdkErrorShape).$metadata?.attempts : undefined;
    const tries = attempts !== undefined && attempts > 1 ? ` (${attempts} attempts)` : '';
    return { code: network.code, message: `${operation}: ${network.description}${tries}`, operation };
  }
  const status = httpStatus(error);
  let code = errorCode(error);
  let message = error instanceof Error ? error.message : String(error);
  if (code === 'Error' || code === 'SyntaxError' || /Deserialization error/i.test(message)) {
    code = status !== undefined && status >= 500 ? 'ServiceError' : 'UnreadableResponse';
    const from = attemptOf(error)?.endpoint;
    message = `${operation} answered HTTP ${status ?? '?'}${from ? ` from ${from}` : ''} with a body that is not an AWS response`;
  }
  message = message.split('\n')[0]?.slice(0, 500) ?? message;
  return status === undefined ? { code, message, operation } : { code, message, operation, httpStatus: status };
}
