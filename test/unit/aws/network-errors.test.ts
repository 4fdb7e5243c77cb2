import { describe, expect, it } from 'vitest';
import { toCollectionError } from '../../../src/aws/errors.js';
import { AccountDeadlineError, classifyNetworkError, rememberAttempt } from '../../../src/aws/network-errors.js';

/** An error shaped like the ones Node and @smithy/node-http-handler throw. */
function nodeError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

const ATTEMPT = { endpoint: 'sts.eu-west-1.amazonaws.com:443', connectTimeoutMs: 10_000, requestTimeoutMs: 60_000 };

describe('classifyNetworkError', () => {
  it.each([
    ['refused', nodeError('connect ECONNREFUSED 10.0.0.1:443', { code: 'ECONNREFUSED', address: '10.0.0.1', port: 443 }), 'ConnectionRefused', /connection refused by sts\.eu-west-1\.amazonaws\.com:443/],
    ['DNS', nodeError('getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com', { code: 'ENOTFOUND', hostname: 'sts.eu-west-1.amazonaws.com' }), 'DnsLookupFailed', /DNS lookup of sts\.eu-west-1\.amazonaws\.com failed \(ENOTFOUND\)/],
    ['DNS, temporary', nodeError('getaddrinfo EAI_AGAIN x', { code: 'EAI_AGAIN', hostname: 'x' }), 'DnsLookupFailed', /EAI_AGAIN/],
    ['certificate', nodeError('certificate has expired', { code: 'CERT_HAS_EXPIRED' }), 'TlsFailure', /TLS handshake with sts\.eu-west-1\.amazonaws\.com:443 failed \(CERT_HAS_EXPIRED/],
    ['host name', nodeError("Hostname/IP does not match certificate's altnames", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'TlsFailure', /ERR_TLS_CERT_ALTNAME_INVALID/],
    ['TLS to a plain port', nodeError('write EPROTO 80AC:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/x.c:350:', { code: 'EPROTO' }), 'TlsFailure', /failed \(EPROTO: wrong version number\)$/],
    ['reset', nodeError('read ECONNRESET', { code: 'ECONNRESET', name: 'TimeoutError' }), 'ConnectionReset', /reset the connection \(ECONNRESET\)/],
    ['hang up', nodeError('socket hang up', { code: 'ECONNRESET' }), 'ConnectionReset', /closed the connection without answering/],
    ['partial body', nodeError('aborted', { code: 'ECONNRESET' }), 'ConnectionReset', /before the answer was complete/],
    ['unreachable', nodeError('connect EHOSTUNREACH', { code: 'EHOSTUNREACH' }), 'NetworkUnreachable', /unreachable \(EHOSTUNREACH\)/],
    ['not HTTP', nodeError('Parse Error: Expected HTTP/', { code: 'HPE_INVALID_CONSTANT' }), 'InvalidResponse', /answered something that is not HTTP/],
    [
      'connect timeout',
      nodeError('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 10000 ms.', { name: 'TimeoutError' }),
      'Timeout',
      /no connection to sts\.eu-west-1\.amazonaws\.com:443 within 10 s \(--connect-timeout\)/,
    ],
    [
      'no answer',
      nodeError('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 60000 ms requestTimeout.', { name: 'TimeoutError', code: 'ETIMEDOUT' }),
      'Timeout',
      /no answer from sts\.eu-west-1\.amazonaws\.com:443 within 60 s \(--request-timeout\)/,
    ],
    [
      'stalled body',
      nodeError('@smithy/node-http-handler - the request socket timed out after 60000 ms of inactivity (configured by client requestHandler).', { name: 'TimeoutError' }),
      'Timeout',
      /stopped sending for 60 s \(--request-timeout\)/,
    ],
  ])('%s', (_label, error, code, description) => {
    const problem = classifyNetworkError(error, ATTEMPT);
    expect(problem?.code).toBe(code);
    expect(problem?.description).toMatch(description);
  });

  it('names the deadline when an account deadline aborted the call', () => {
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: new AccountDeadlineError(30) });
    expect(classifyNetworkError(aborted)).toEqual({ code: 'AccountTimeout', description: '--account-timeout of 30 s passed' });
  });

  it('leaves answers from AWS alone', () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(classifyNetworkError(denied, ATTEMPT)).toBeUndefined();
    expect(toCollectionError(denied, 'S3.ListBuckets')).toMatchObject({ code: 'AccessDenied', httpStatus: 403 });
  });
});

describe('toCollectionError for network failures', () => {
  it('gives the code, the operation, the host:port recorded for the attempt and the attempts made', () => {
    const error = nodeError('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 1000 ms requestTimeout.', {
      name: 'TimeoutError',
      $metadata: { attempts: 5 },
    });
    rememberAttempt(error, { endpoint: '127.0.0.1:4566', requestTimeoutMs: 1000 });
    expect(toCollectionError(error, 'KMS.ListKeys')).toEqual({
      code: 'Timeout',
      operation: 'KMS.ListKeys',
      message: 'KMS.ListKeys: no answer from 127.0.0.1:4566 within 1 s (--request-timeout) (5 attempts)',
    });
  });
});
