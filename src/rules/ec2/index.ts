import type { Rule } from '../rule.js';
import ebsDefaultEncryptionEnabled from '../ebs/default-encryption-enabled.js';
import ebsDefaultKmsKeyCustomerManaged from '../ebs/default-kms-key-customer-managed.js';
import ebsVolumeEncrypted from '../ebs/volume-encrypted.js';
import vpcFlowLogsEnabled from '../vpc/flow-logs-enabled.js';
import vpcNoInternetGateway from '../vpc/no-internet-gateway.js';
import vpcRequiredEndpoints from '../vpc/required-endpoints.js';
import vpcSubnetNoPublicIpOnLaunch from '../vpc/subnet-no-public-ip-on-launch.js';
import defaultSecurityGroupClosed from './default-security-group-closed.js';
import instanceImdsv2Required from './instance-imdsv2-required.js';
import instanceNoPublicIp from './instance-no-public-ip.js';
import launchTemplateImdsv2Required from './launch-template-imdsv2-required.js';
import securityGroupNoIngressFromInternet from './security-group-no-ingress-from-internet.js';

/**
 * Rules over what the EC2 API describes: instances and security groups (`ec2-*`, beside this file), VPC
 * networking (`vpc-*`, in `../vpc/`) and EBS (`ebs-*`, in `../ebs/`). A rule's file is
 * `src/rules/<id prefix>/<id without it>.ts`.
 */
export const ec2Rules: Rule[] = [
  vpcNoInternetGateway,
  vpcSubnetNoPublicIpOnLaunch,
  securityGroupNoIngressFromInternet,
  defaultSecurityGroupClosed,
  vpcFlowLogsEnabled,
  vpcRequiredEndpoints,
  ebsDefaultEncryptionEnabled,
  ebsDefaultKmsKeyCustomerManaged,
  ebsVolumeEncrypted,
  instanceNoPublicIp,
  instanceImdsv2Required,
  launchTemplateImdsv2Required,
];
