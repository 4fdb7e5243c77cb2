/**
 * EC2 launch templates against moto: listed from their default versions in one call per region, judged
 * by ec2-launch-template-imdsv2-required, with a template's tags read only when a rule needs them.
 */
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand, ModifyLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRule, pass } from '../../src/rules/rule.js';
import rule from '../../src/rules/ec2/launch-template-imdsv2-required.js';
import { ec2Scanner } from '../../src/scanners/ec2.js';
import { seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';

const TYPE = 'aws.ec2.launch-template';

describe('EC2 launch templates against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
    const { ec2 } = seedClients(moto.endpoint);
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'training-nodes',
        LaunchTemplateData: { InstanceType: 'm5.large', MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } },
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'squad', Value: 'vision' }] }],
      }),
    );
    // Version 1 required tokens; version 2 allows IMDSv1 and is made the default: the default is judged.
    const legacy = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'legacy-nodes',
        LaunchTemplateData: { InstanceType: 'm5.large', MetadataOptions: { HttpTokens: 'required' } },
      }),
    );
    const legacyId = legacy.LaunchTemplate?.LaunchTemplateId ?? '';
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: legacyId,
        LaunchTemplateData: { InstanceType: 'm5.large', MetadataOptions: { HttpTokens: 'optional' } },
      }),
    );
    await ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: legacyId, DefaultVersion: '2' }));
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('judges each template by its default version, from one DescribeLaunchTemplateVersions', async () => {
    const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [ec2Scanner], rules: [rule] });
    expect(inventory.apiCalls).toEqual({ 'EC2.DescribeLaunchTemplateVersions': 1 });
    expect(inventory.errors).toEqual([]);
    const templates = inventory.resources.filter((resource) => resource.type === TYPE);
    expect(templates.map((template) => template.name).sort()).toEqual(['legacy-nodes', 'training-nodes']);
    const legacy = templates.find((template) => template.name === 'legacy-nodes');
    expect(legacy?.arn).toMatch(/^arn:aws:ec2:us-east-1:\d{12}:launch-template\/lt-/);
    expect(legacy?.data).toMatchObject({ defaultVersionNumber: 2, metadataOptions: { httpTokens: 'optional' } });

    const verdicts = Object.fromEntries(evaluation.findings.map((finding) => [finding.resource.name, finding]));
    expect(verdicts['training-nodes']).toMatchObject({ status: 'pass', message: 'the default version 1 requires IMDSv2 session tokens' });
    expect(verdicts['legacy-nodes']).toMatchObject({
      status: 'fail',
      message: 'the default version 2 lets instances accept IMDSv1 requests (HttpTokens = optional)',
      path: 'data.metadataOptions.httpTokens',
    });
  });

  it('reads a template\'s tags (one DescribeLaunchTemplates each) only when a rule needs them', async () => {
    const tagged = defineRule({
      id: 'test-launch-template-tagged',
      title: 'test',
      severity: 'low',
      resourceType: TYPE,
      needs: ['tags'],
      description: 'test',
      rationale: 'test',
      remediation: 'test',
      references: {},
      check: (template) => pass(`squad ${template.tags.squad ?? 'none'}`),
    });
    const { inventory } = await scanMoto({ endpoint: moto.endpoint, scanners: [ec2Scanner], rules: [tagged] });
    expect(inventory.apiCalls).toEqual({ 'EC2.DescribeLaunchTemplateVersions': 1, 'EC2.DescribeLaunchTemplates': 2 });
    const tags = Object.fromEntries(inventory.resources.map((resource) => [resource.name, resource.tags]));
    expect(tags).toEqual({ 'training-nodes': { squad: 'vision' }, 'legacy-nodes': {} });
  });
});
