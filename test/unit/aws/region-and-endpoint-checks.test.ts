import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planAccounts } from '../../../src/aws/accounts.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import { checkConfiguredEndpoints, checkEndpointUrl } from '../../../src/aws/endpoint-url.js';
import { checkRegionName, isKnownRegion, knownRegions } from '../../../src/aws/region-names.js';
import { UsageError } from '../../../src/pipeline/errors.js';

describe('region names', () => {
  it('knows the regions of every partition from the SDK data', () => {
    const regions = knownRegions();
    for (const region of ['us-east-1', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'mx-central-1']) {
      expect(regions).toContain(region);
    }
    expect(regions.length).toBeGreaterThan(30);
    expect(isKnownRegion('aws-global')).toBe(false);
  });

  it('rejects a typo with the closest known region', () => {
    expect(() => checkRegionName('eu-centrl-1', '--region', false)).toThrow(UsageError);
    expect(() => checkRegionName('eu-centrl-1', '--region', false)).toThrow(/--region: unknown region "eu-centrl-1" \(did you mean eu-central-1\?\)/);
    expect(() => checkRegionName('us-est-1', 'AWS_REGION', false)).toThrow(/AWS_REGION: .*did you mean us-east-1/);
  });

  it('rejects what is not shaped like a region, escaping control bytes', () => {
    expect(() => checkRegionName('eu central', '--region', true)).toThrow(/is not an AWS region name/);
    expect(() => checkRegionName('\u001b[2Jus-east-1', '--region', true)).toThrow(/"\\x1b\[2Jus-east-1" is not an AWS region name/);
  });

  it('accepts a region the SDK does not know when a custom endpoint is configured', () => {
    expect(() => checkRegionName('eu-private-1', '--region', true)).not.toThrow();
    expect(() => checkRegionName('eu-private-1', '--region', false)).toThrow(/needs --endpoint-url/);
    expect(() => checkRegionName('eu-central-1', '--region', false)).not.toThrow();
  });
});

describe('endpoint URLs', () => {
  it.each([
    ['http//127.0.0.1:4566', /is not a URL/],
    ['127.0.0.1:4566', /is not a URL \(expected e\.g\. http:\/\/127\.0\.0\.1:4566/],
    ['localhost:4566', /must start with http:\/\/ or https:\/\//],
    ['ftp://127.0.0.1', /must start with http/],
    ['http://user:secret@127.0.0.1:4566', /must not carry a user name or password/],
    ['http://127.0.0.1:4566/?x=1', /must not have a query or fragment/],
    ['http://127.0.0.1:99999', /is not a URL/],
  ])('%s is a usage error naming the flag', (value, message) => {
    expect(() => checkEndpointUrl(value, '--endpoint-url')).toThrow(UsageError);
    expect(() => checkEndpointUrl(value, '--endpoint-url')).toThrow(message);
  });

  it('accepts http and https endpoints, with or without a port and path', () => {
    for (const value of ['http://127.0.0.1:4566', 'https://s3.eu-west-1.amazonaws.com', 'http://localhost:5000/prefix']) {
      expect(() => checkEndpointUrl(value, '--endpoint-url')).not.toThrow();
    }
  });

  it('checks the environment variables too and names the one that is wrong', () => {
    expect(checkConfiguredEndpoints(undefined, {})).toBe(false);
    expect(checkConfiguredEndpoints(undefined, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toBe(true);
    expect(checkConfiguredEndpoints('http://127.0.0.1:1', {})).toBe(true);
    // One service redirected: the others still go to AWS, so custom regions stay refused.
    expect(checkConfiguredEndpoints(undefined, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1' })).toBe(false);
    expect(() => checkConfiguredEndpoints(undefined, { AWS_ENDPOINT_URL_STS: 'not a url' })).toThrow(/^AWS_ENDPOINT_URL_STS: "not a url" is not a URL/);
  });
});

describe('regions of an accounts file', () => {
  it('are checked before any call, naming the file and the account', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'squadguard-')), 'accounts.yaml');
    writeFileSync(file, 'accounts:\n  - { id: "111122223333", regions: [eu-west-1, eu-centrl-1] }\n');
    const request = {
      source: { kind: 'file' as const, path: file },
      access: { endpoint: 'http://127.0.0.1:9' },
      meter: new ApiMeter(),
      regions: [],
      homeRegion: 'us-east-1',
      role: { roleName: 'squadguard-audit', sessionName: 'squadguard', durationSeconds: 3600 },
    };
    await expect(planAccounts(request)).rejects.toThrow(`${file}: account 111122223333: unknown region "eu-centrl-1" (did you mean eu-central-1?)`);
    await expect(planAccounts({ ...request, customRegions: true })).resolves.toMatchObject({ accounts: [expect.anything()] });
  });
});
