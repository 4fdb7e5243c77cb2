import { describe, expect, it } from 'vitest';
import { ApiMeter } from '../../../src/aws/meter.js';
import { ClientFactory, loadedServices } from '../../../src/aws/clients.js';
import { DUMMY_CREDENTIALS } from '../../support/aws.js';

describe('ClientFactory loads SDK client packages on demand', () => {
  it('loads a service\'s client class when its first client is made, and only then', () => {
    expect(loadedServices()).toEqual([]);
    const clients = new ClientFactory({ endpoint: 'http://127.0.0.1:9', credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter: new ApiMeter() });
    expect(loadedServices()).toEqual([]);
    const s3 = clients.client('S3', 'us-east-1');
    expect(s3.constructor.name).toBe('S3Client');
    expect(clients.client('STS', 'eu-west-1').constructor.name).toBe('STSClient');
    expect(clients.client('S3', 'us-east-1')).toBe(s3);
    expect(loadedServices().sort()).toEqual(['S3', 'STS']);
  });
});
