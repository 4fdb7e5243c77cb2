/**
 * An endpoint URL (--endpoint-url, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) is checked before any call:
 * a typo is a usage error naming the flag or variable, never a `TypeError: Invalid URL` mid-scan.
 */
import { UsageError } from '../errors.js';
import { inert } from '../text/inert.js';

/** Throws a UsageError unless `value` is an absolute http(s) URL with a host (and no user info). */
export function checkEndpointUrl(value: string, source: string): void {
  const shown = `"${inert(value, { max: 200 })}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source}: ${shown} is not a URL (expected e.g. http://127.0.0.1:4566 or https://s3.eu-west-1.amazonaws.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source}: ${shown} must start with http:// or https://`);
  }
  if (!url.hostname) throw new UsageError(`${source}: ${shown} has no host`);
  if (url.username || url.password) throw new UsageError(`${source}: ${shown} must not carry a user name or password`);
  if (url.search || url.hash) throw new UsageError(`${source}: ${shown} must not have a query or fragment`);
}

/**
 * Checks the endpoint settings in effect (the flag and every AWS_ENDPOINT_URL variable). Returns true when
 * every service goes to a custom endpoint (--endpoint-url or AWS_ENDPOINT_URL): only then may a region be
 * one the SDK does not know — with a single service redirected, the others would still go to AWS.
 */
export function checkConfiguredEndpoints(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) checkEndpointUrl(flag, '--endpoint-url');
  for (const [name, value] of Object.entries(env)) {
    if (!/^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(name) || value === undefined || value === '') continue;
    checkEndpointUrl(value, name);
  }
  return flag !== undefined || Boolean(env.AWS_ENDPOINT_URL);
}
