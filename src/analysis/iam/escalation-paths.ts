/**
 * Known privilege-escalation paths in AWS, as data. Each path lists requirement groups; every group must be
 * satisfied by one of its alternatives. Sources (see docs/iam-analysis.md):
 * - [rhino]   Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (2018) and
 *             aws_escalate.py — the 21 original methods;
 * - [bishop]  Bishop Fox, "Privilege escalation in AWS" (iam-vulnerable);
 * - [pfc]     DataDog's pathfinding.cloud catalogue, which Prowler's and Cloudsplaining's tables follow.
 * - [pmapper] NCC Group's PMapper edge checkers (ideas only; AGPL code not used);
 * - [cfn]     AWS CloudFormation User Guide: a stack's service role is used for every later operation on the
 *             stack by anyone allowed to update it, without `iam:PassRole`.
 * `targetDependent` paths escalate only if an existing function, instance, stack or notebook runs under a
 * more privileged role: reported one severity level lower (they need a reachability check to be certain).
 */

export interface EscalationPath {
  id: string;
  title: string;
  /** Every group must be met by one of its actions. */
  requires: string[][];
  /** The service principal `iam:PassRole` must be able to pass a role to, when the path passes a role. */
  passRoleTo?: string;
  targetDependent?: boolean;
  sources: string[];
}

const PASS_ROLE = ['iam:PassRole'];

export const ESCALATION_PATHS: EscalationPath[] = [
  // Changing one's own (or any) policy.
  { id: 'iam-create-policy-version', title: 'create a new default version of a managed policy', requires: [['iam:CreatePolicyVersion']], sources: ['rhino', 'pfc:iam-001'] },
  { id: 'iam-set-default-policy-version', title: 'switch a managed policy to a more permissive old version', requires: [['iam:SetDefaultPolicyVersion']], sources: ['rhino'] },
  { id: 'iam-attach-user-policy', title: 'attach any managed policy to a user', requires: [['iam:AttachUserPolicy']], sources: ['rhino'] },
  { id: 'iam-attach-group-policy', title: 'attach any managed policy to a group', requires: [['iam:AttachGroupPolicy']], sources: ['rhino'] },
  { id: 'iam-attach-role-policy', title: 'attach any managed policy to a role', requires: [['iam:AttachRolePolicy']], sources: ['rhino'] },
  { id: 'iam-put-user-policy', title: 'write an inline policy on a user', requires: [['iam:PutUserPolicy']], sources: ['rhino'] },
  { id: 'iam-put-group-policy', title: 'write an inline policy on a group', requires: [['iam:PutGroupPolicy']], sources: ['rhino'] },
  { id: 'iam-put-role-policy', title: 'write an inline policy on a role', requires: [['iam:PutRolePolicy']], sources: ['rhino'] },
  { id: 'iam-add-user-to-group', title: 'add a user to a more privileged group', requires: [['iam:AddUserToGroup']], sources: ['rhino'] },
  // Taking over another principal's credentials or trust.
  { id: 'iam-create-access-key', title: "create an access key for another user", requires: [['iam:CreateAccessKey']], sources: ['rhino', 'pfc:iam-002'] },
  { id: 'iam-create-login-profile', title: 'set a console password for a user without one', requires: [['iam:CreateLoginProfile']], sources: ['rhino'] },
  { id: 'iam-update-login-profile', title: "change another user's console password", requires: [['iam:UpdateLoginProfile']], sources: ['rhino'] },
  { id: 'iam-update-assume-role-policy', title: "rewrite a role's trust policy and assume it", requires: [['iam:UpdateAssumeRolePolicy'], ['sts:AssumeRole']], sources: ['rhino'] },
  // Removing the ceiling.
  { id: 'iam-delete-role-permissions-boundary', title: "remove a role's permissions boundary", requires: [['iam:DeleteRolePermissionsBoundary']], sources: ['pfc'] },
  { id: 'iam-put-role-permissions-boundary', title: "replace a role's permissions boundary", requires: [['iam:PutRolePermissionsBoundary']], sources: ['pfc'] },
  { id: 'iam-delete-user-permissions-boundary', title: "remove a user's permissions boundary", requires: [['iam:DeleteUserPermissionsBoundary']], sources: ['pfc'] },
  { id: 'iam-put-user-permissions-boundary', title: "replace a user's permissions boundary", requires: [['iam:PutUserPermissionsBoundary']], sources: ['pfc'] },
  // Passing a role to a service that runs code under it.
  { id: 'ec2-run-instances', title: 'launch an EC2 instance with a passed role', requires: [PASS_ROLE, ['ec2:RunInstances']], passRoleTo: 'ec2.amazonaws.com', sources: ['rhino', 'pfc:ec2-001'] },
  { id: 'ec2-request-spot-instances', title: 'request spot instances with a passed role', requires: [PASS_ROLE, ['ec2:RequestSpotInstances']], passRoleTo: 'ec2.amazonaws.com', sources: ['pfc'] },
  {
    id: 'autoscaling-launch-configuration',
    title: 'create a launch configuration with a passed role and an Auto Scaling group that runs it',
    requires: [PASS_ROLE, ['autoscaling:CreateLaunchConfiguration'], ['autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup']],
    passRoleTo: 'ec2.amazonaws.com',
    sources: ['pfc'],
  },
  {
    id: 'lambda-create-function',
    title: 'create a Lambda function with a passed role and run it',
    requires: [PASS_ROLE, ['lambda:CreateFunction'], ['lambda:InvokeFunction', 'lambda:CreateEventSourceMapping', 'lambda:AddPermission']],
    passRoleTo: 'lambda.amazonaws.com',
    sources: ['rhino', 'pfc'],
  },
  { id: 'glue-create-dev-endpoint', title: 'create a Glue dev endpoint with a passed role', requires: [PASS_ROLE, ['glue:CreateDevEndpoint']], passRoleTo: 'glue.amazonaws.com', sources: ['rhino'] },
  { id: 'glue-create-job', title: 'create and start a Glue job with a passed role', requires: [PASS_ROLE, ['glue:CreateJob'], ['glue:StartJobRun', 'glue:CreateTrigger']], passRoleTo: 'glue.amazonaws.com', sources: ['pfc'] },
  { id: 'cloudformation-create-stack', title: 'create a CloudFormation stack with a passed role', requires: [PASS_ROLE, ['cloudformation:CreateStack']], passRoleTo: 'cloudformation.amazonaws.com', sources: ['rhino'] },
  {
    id: 'cloudformation-create-stack-set',
    title: 'create a CloudFormation stack set with a passed administration role and deploy instances of it',
    requires: [PASS_ROLE, ['cloudformation:CreateStackSet'], ['cloudformation:CreateStackInstances']],
    passRoleTo: 'cloudformation.amazonaws.com',
    sources: ['pfc'],
  },
  { id: 'glue-update-job', title: 'point an existing Glue job at a passed role and run it', requires: [PASS_ROLE, ['glue:UpdateJob'], ['glue:StartJobRun', 'glue:CreateTrigger']], passRoleTo: 'glue.amazonaws.com', sources: ['pfc'] },
  { id: 'apprunner-create-service', title: 'create an App Runner service with a passed instance role', requires: [PASS_ROLE, ['apprunner:CreateService']], passRoleTo: 'tasks.apprunner.amazonaws.com', sources: ['pfc'] },
  {
    id: 'bedrock-agentcore-code-interpreter',
    title: 'create a Bedrock AgentCore code interpreter with a passed role and run code in it',
    requires: [PASS_ROLE, ['bedrock-agentcore:CreateCodeInterpreter'], ['bedrock-agentcore:InvokeCodeInterpreter']],
    passRoleTo: 'bedrock-agentcore.amazonaws.com',
    sources: ['pfc'],
  },
  {
    id: 'datapipeline-create-pipeline',
    title: 'create and activate a Data Pipeline with a passed role',
    requires: [PASS_ROLE, ['datapipeline:CreatePipeline'], ['datapipeline:PutPipelineDefinition'], ['datapipeline:ActivatePipeline']],
    passRoleTo: 'datapipeline.amazonaws.com',
    sources: ['rhino'],
  },
  { id: 'sagemaker-create-notebook-instance', title: 'create a SageMaker notebook instance with a passed role', requires: [PASS_ROLE, ['sagemaker:CreateNotebookInstance']], passRoleTo: 'sagemaker.amazonaws.com', sources: ['pfc'] },
  { id: 'sagemaker-create-training-job', title: 'run a SageMaker training job with a passed role', requires: [PASS_ROLE, ['sagemaker:CreateTrainingJob']], passRoleTo: 'sagemaker.amazonaws.com', sources: ['pfc:sagemaker-002'] },
  { id: 'sagemaker-create-processing-job', title: 'run a SageMaker processing job with a passed role', requires: [PASS_ROLE, ['sagemaker:CreateProcessingJob']], passRoleTo: 'sagemaker.amazonaws.com', sources: ['pfc'] },
  {
    id: 'codebuild-create-project',
    title: 'create and start a CodeBuild project with a passed role',
    requires: [PASS_ROLE, ['codebuild:CreateProject'], ['codebuild:StartBuild', 'codebuild:StartBuildBatch']],
    passRoleTo: 'codebuild.amazonaws.com',
    sources: ['pfc'],
  },
  { id: 'ecs-run-task', title: 'run an ECS task with a passed task role', requires: [PASS_ROLE, ['ecs:RunTask', 'ecs:StartTask']], passRoleTo: 'ecs-tasks.amazonaws.com', sources: ['pfc'] },
  {
    id: 'ecs-register-task-definition',
    title: 'register an ECS task definition with a passed role and start it as a service',
    requires: [PASS_ROLE, ['ecs:RegisterTaskDefinition'], ['ecs:CreateService']],
    passRoleTo: 'ecs-tasks.amazonaws.com',
    sources: ['pfc'],
  },
  // Target-dependent: escalate through an existing resource that runs under a role.
  { id: 'lambda-update-function-code', title: "replace an existing function's code", requires: [['lambda:UpdateFunctionCode']], targetDependent: true, sources: ['rhino'] },
  { id: 'glue-update-dev-endpoint', title: "add an SSH key to an existing Glue dev endpoint", requires: [['glue:UpdateDevEndpoint']], targetDependent: true, sources: ['rhino'] },
  { id: 'ssm-send-command', title: 'run commands on instances with an instance profile', requires: [['ssm:SendCommand']], targetDependent: true, sources: ['pfc'] },
  { id: 'ssm-start-session', title: 'open a shell on instances with an instance profile', requires: [['ssm:StartSession']], targetDependent: true, sources: ['pfc'] },
  {
    id: 'sagemaker-presigned-notebook-url',
    title: 'open a notebook instance running under a more privileged role',
    requires: [['sagemaker:CreatePresignedNotebookInstanceUrl']],
    targetDependent: true,
    sources: ['pfc'],
  },
  {
    id: 'sagemaker-presigned-domain-url',
    title: 'open SageMaker Studio as a user profile whose execution role is more privileged',
    requires: [['sagemaker:CreatePresignedDomainUrl']],
    targetDependent: true,
    sources: ['pfc'],
  },
  {
    id: 'sagemaker-notebook-lifecycle-config',
    title: 'attach a new lifecycle configuration (a start-up script) to an existing notebook instance and start it',
    requires: [['sagemaker:CreateNotebookInstanceLifecycleConfig'], ['sagemaker:UpdateNotebookInstance'], ['sagemaker:StartNotebookInstance']],
    targetDependent: true,
    sources: ['pfc'],
  },
  {
    id: 'sagemaker-update-notebook-lifecycle-config',
    title: "rewrite the lifecycle configuration a notebook instance already uses and restart it",
    requires: [['sagemaker:UpdateNotebookInstanceLifecycleConfig'], ['sagemaker:StartNotebookInstance']],
    targetDependent: true,
    sources: ['pfc'],
  },
  {
    id: 'ec2-instance-connect',
    title: 'push an SSH key with EC2 Instance Connect to an instance that has an instance profile',
    requires: [['ec2-instance-connect:SendSSHPublicKey', 'ec2-instance-connect:SendSerialConsoleSSHPublicKey']],
    targetDependent: true,
    sources: ['pfc'],
  },
  { id: 'ec2-modify-instance-user-data', title: "replace a stopped instance's user data and start it", requires: [['ec2:ModifyInstanceAttribute'], ['ec2:StartInstances']], targetDependent: true, sources: ['pfc'] },
  {
    id: 'ec2-launch-template-version',
    title: 'publish a new default launch template version (user data) that Auto Scaling launches',
    requires: [['ec2:CreateLaunchTemplateVersion'], ['ec2:ModifyLaunchTemplate']],
    targetDependent: true,
    sources: ['pfc'],
  },
  { id: 'cloudformation-update-stack', title: 'update a stack that runs under a service role (no PassRole needed)', requires: [['cloudformation:UpdateStack']], targetDependent: true, sources: ['pfc', 'cfn'] },
  {
    id: 'cloudformation-change-set',
    title: 'create and execute a change set on a stack that runs under a service role',
    requires: [['cloudformation:CreateChangeSet'], ['cloudformation:ExecuteChangeSet']],
    targetDependent: true,
    sources: ['pfc', 'cfn'],
  },
  { id: 'cloudformation-update-stack-set', title: 'update a stack set deployed through its administration role', requires: [['cloudformation:UpdateStackSet']], targetDependent: true, sources: ['pfc', 'cfn'] },
  { id: 'lambda-update-function-configuration', title: "add a layer or environment to an existing function", requires: [['lambda:UpdateFunctionConfiguration']], targetDependent: true, sources: ['pfc'] },
  { id: 'codebuild-start-build', title: 'start a build of an existing project with an overridden buildspec', requires: [['codebuild:StartBuild', 'codebuild:StartBuildBatch']], targetDependent: true, sources: ['pfc'] },
  { id: 'ecs-execute-command', title: 'open a shell in a running ECS task', requires: [['ecs:ExecuteCommand']], targetDependent: true, sources: ['pfc'] },
  { id: 'apprunner-update-service', title: 'change the image or start command of an existing App Runner service', requires: [['apprunner:UpdateService']], targetDependent: true, sources: ['pfc'] },
];
