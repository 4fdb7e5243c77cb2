/**
 * Names the network failure behind an SDK error: connection refused, DNS lookup failed, TLS failure,
 * connection reset, timeout, an answer that is not HTTP. Node and the SDK's HTTP handler report these as
 * plain errors with a `code` (ECONNREFUSED, ENOTFOUND, …) or a `TimeoutError` name; without this they read
 * as "credentials" or "not an AWS response" problems.
 */

/** Where an attempt went and under which timeouts: recorded per failed attempt by the client middleware. */
export interface AttemptContext {
  /** `host:port` of the endpoint. */
  endpoint: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export type NetworkErrorCode =
  | 'Timeout'
  | 'ConnectionRefused'
  | 'DnsLookupFailed'
  | 'TlsFailure'
  | 'ConnectionReset'
  | 'NetworkUnreachable'
  | 'InvalidResponse'
  | 'AccountTimeout';

export interface NetworkProblem {
  code: NetworkErrorCode;
  /** What happened, without the operation: `connection refused by 127.0.0.1:4566`. */
  description: string;
}

const attempts = new WeakMap<object, AttemptContext>();

/** Remembers where the failed attempt went (the SDK's errors do not say, except some of Node's). */
export function rememberAttempt(error: unknown, context: AttemptContext): void {
  if (typeof error === 'object' && error !== null && !attempts.has(error)) attempts.set(error, context);
}

export function attemptOf(error: unknown): AttemptContext | undefined {
  return typeof error === 'object' && error !== null ? attempts.get(error) : undefined;
}

/** The reason an account's deadline aborted its calls (carried as the AbortSignal's reason). */
export class AccountDeadlineError extends Error {
  override name = 'AccountDeadlineError';
  constructor(readonly seconds: number) {
    super(`--account-timeout of ${seconds} s passed`);
  }
}

/** Thrown instead of sending an attempt to a host that failed many in a row (see endpoint-health.ts); never retried. */
export class EndpointDownError extends Error {
  override name = 'EndpointDownError';
  constructor(
    readonly endpoint: string,
    readonly problem: NetworkProblem,
    readonly failures: number,
  ) {
    super(`${endpoint} timed out ${failures} times in a row`);
  }
}

interface NodeErrorShape {
  name?: string;
  code?: string;
  message?: string;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
/** OpenSSL certificate verification codes Node passes through as `error.code`. */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);

function shapeOf(error: unknown): NodeErrorShape | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeErrorShape) : undefined;
}

/** The error, or the first error in its `cause` chain, that satisfies `test`. */
function findInChain(error: unknown, test: (shape: NodeErrorShape) => boolean): NodeErrorShape | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const shape = shapeOf(current);
    if (!shape) return undefined;
    if (test(shape)) return shape;
    current = shape.cause;
  }
  return undefined;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${Number((ms / 1000).toFixed(3))} s`;
}

function endpointOf(shape: NodeErrorShape, attempt: AttemptContext | undefined): string {
  if (attempt) return attempt.endpoint;
  if (shape.address) return shape.port ? `${shape.address}:${shape.port}` : shape.address;
  return shape.hostname ?? 'the endpoint';
}

/**
 * The network problem behind an SDK error, or undefined when the error is an answer from AWS (or something
 * this module does not know). `attempt` defaults to what the client middleware recorded for the error.
 */
export function classifyNetworkError(error: unknown, attempt = attemptOf(error)): NetworkProblem | undefined {
  const shape = shapeOf(error);
  if (!shape) return undefined;
  const deadline = findInChain(error, (s) => s instanceof AccountDeadlineError);
  if (deadline) return { code: 'AccountTimeout', description: (deadline as AccountDeadlineError).message };
  if (error instanceof EndpointDownError) {
    return {
      code: error.problem.code,
      description: `${error.problem.description}; last attempt not sent: ${error.endpoint} timed out ${error.failures} times in a row`,
    };
  }
  const code = shape.code ?? '';
  const message = shape.message ?? '';
  const where = endpointOf(shape, attempt);

  if (code === 'ECONNREFUSED') return { code: 'ConnectionRefused', description: `connection refused by ${where}` };
  if (DNS_CODES.has(code)) {
    const host = shape.hostname ?? where.replace(/:\d+$/, '');
    return { code: 'DnsLookupFailed', description: `DNS lookup of ${host} failed (${code}) for ${where}` };
  }
  if (UNREACHABLE_CODES.has(code)) return { code: 'NetworkUnreachable', description: `${where} is unreachable (${code})` };
  if (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    CERTIFICATE_CODES.has(code) ||
    (code === 'EPROTO' && /SSL|TLS/i.test(message))
  ) {
    // OpenSSL's messages carry a library path and a source line; its reason (`wrong version number`) is enough.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? firstLine(message);
    return { code: 'TlsFailure', description: `TLS handshake with ${where} failed (${code}: ${reason})` };
  }
  if (code.startsWith('HPE_')) {
    return { code: 'InvalidResponse', description: `${where} answered something that is not HTTP (${code})` };
  }
  if (shape.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    // The SDK's handler names connection resets `TimeoutError` too; the code tells them apart.
    if (RESET_CODES.has(code)) return resetProblem(code, message, where);
    if (/did not establish a connection/i.test(message)) {
      return { code: 'Timeout', description: `no connection to ${where} within ${seconds(attempt?.connectTimeoutMs) || 'the connect timeout'} (--connect-timeout)` };
    }
    if (/inactivity/i.test(message)) {
      return { code: 'Timeout', description: `${where} stopped sending for ${seconds(attempt?.requestTimeoutMs) || 'the request timeout'} (--request-timeout)` };
    }
    return { code: 'Timeout', description: `no answer from ${where} within ${seconds(attempt?.requestTimeoutMs) || 'the request timeout'} (--request-timeout)` };
  }
  if (RESET_CODES.has(code) || /socket hang up|^aborted$/i.test(message)) return resetProblem(code, message, where);
  return undefined;
}

function resetProblem(code: string, message: string, where: string): NetworkProblem {
  const what = /socket hang up/i.test(message)
    ? 'closed the connection without answering'
    : /^aborted$/i.test(message) || code === 'ERR_STREAM_PREMATURE_CLOSE'
      ? 'closed the connection before the answer was complete'
      : 'reset the connection';
  return { code: 'ConnectionReset', description: `${where} ${what}${code ? ` (${code})` : ''}` };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
