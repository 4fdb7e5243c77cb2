/**
 * The EC2 scanner against stubbed answers: a list family makes its Describe list only, skips what other
 * accounts own; a region-wide list feeding a VPC attribute is read only when needed, and its failure is that
 * attribute's error on every VPC.
 */
import { describe, expect, it } from 'vitest';
import { ec2Scanner } from '../../../src/scanners/ec2.js';
import { MOTO_ACCOUNT } from '../../support/aws.js';
import { awsError, planOf, stubScan } from './stub-sdk.js';

const OTHER = '999999999999';

describe('EC2 list families and VPC lists', () => {
  it('a subnet plan calls DescribeSubnets only, and leaves out subnets shared from another account', async () => {
    const { inventory, calls } = await stubScan({
      scanner: ec2Scanner,
      plan: planOf({ 'aws.ec2.subnet': ['mapPublicIpOnLaunch'] }),
      answer: (operation) => {
        if (operation !== 'EC2.DescribeSubnets') throw new Error(`unexpected call ${operation}`);
        return {
          Subnets: [
            { SubnetId: 'subnet-a', VpcId: 'vpc-1', OwnerId: MOTO_ACCOUNT, MapPublicIpOnLaunch: true, Tags: [{ Key: 'Name', Value: 'public-a' }] },
            { SubnetId: 'subnet-b', VpcId: 'vpc-2', OwnerId: OTHER },
          ],
        };
      },
    });
    expect(calls).toEqual([{ operation: 'EC2.DescribeSubnets', input: { MaxResults: 1000 } }]);
    expect(inventory.resources).toHaveLength(1);
    expect(inventory.resources[0]).toMatchObject({
      name: 'public-a',
      arn: `arn:aws:ec2:us-east-1:${MOTO_ACCOUNT}:subnet/subnet-a`,
      tags: { Name: 'public-a' },
      data: { subnetId: 'subnet-a', vpcId: 'vpc-1', mapPublicIpOnLaunch: true, defaultForAz: false },
    });
  });

  it('VPC lists: only the needed ones are called; a denied one is that attribute\'s error on every VPC', async () => {
    const { inventory, calls } = await stubScan({
      scanner: ec2Scanner,
      plan: planOf({ 'aws.ec2.vpc': ['internetGateways', 'flowLogs'] }),
      answer: (operation) => {
        if (operation === 'EC2.DescribeVpcs') return { Vpcs: [{ VpcId: 'vpc-1', OwnerId: MOTO_ACCOUNT }, { VpcId: 'vpc-2', OwnerId: MOTO_ACCOUNT }] };
        if (operation === 'EC2.DescribeInternetGateways') return { InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' }] }] };
        if (operation === 'EC2.DescribeFlowLogs') throw awsError('UnauthorizedOperation', 403, 'not allowed');
        throw new Error(`unexpected call ${operation}`);
      },
    });
    expect(calls.map((call) => call.operation).sort()).toEqual(['EC2.DescribeFlowLogs', 'EC2.DescribeInternetGateways', 'EC2.DescribeVpcs']);
    const denied = { code: 'UnauthorizedOperation', message: 'not allowed', operation: 'EC2.DescribeFlowLogs', httpStatus: 403 };
    const [one, two] = inventory.resources;
    expect(one?.data.internetGateways).toEqual([{ internetGatewayId: 'igw-1', state: 'available' }]);
    expect(two?.data.internetGateways).toEqual([]);
    expect(one?.errors).toEqual({ flowLogs: denied });
    expect(two?.errors).toEqual({ flowLogs: denied });
  });

  it('an endpoint policy that does not parse is the error of its own VPC only', async () => {
    const { inventory } = await stubScan({
      scanner: ec2Scanner,
      plan: planOf({ 'aws.ec2.vpc': ['endpoints'] }),
      answer: (operation) => {
        if (operation === 'EC2.DescribeVpcs') return { Vpcs: [{ VpcId: 'vpc-1' }, { VpcId: 'vpc-2' }] };
        if (operation === 'EC2.DescribeVpcEndpoints') {
          return {
            VpcEndpoints: [
              { VpcEndpointId: 'vpce-1', VpcId: 'vpc-1', ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: '{not json' },
              { VpcEndpointId: 'vpce-2', VpcId: 'vpc-2', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'Available' },
            ],
          };
        }
        throw new Error(`unexpected call ${operation}`);
      },
    });
    const [one, two] = inventory.resources;
    expect(one?.errors.endpoints).toMatchObject({ operation: 'EC2.DescribeVpcEndpoints' });
    expect(one?.data).not.toHaveProperty('endpoints');
    expect(two?.errors).toEqual({});
    expect(two?.data.endpoints).toEqual([
      { vpcEndpointId: 'vpce-2', type: 'Gateway', serviceName: 'com.amazonaws.us-east-1.s3', state: 'available', privateDnsEnabled: false, policy: null },
    ]);
  });
});
