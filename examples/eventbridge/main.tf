# A scheduled organization scan: EventBridge Scheduler starts a Fargate task every night; the task scans every
# account of the organization (`scan --org --region all`), uploads the reports to S3, and exits with
# squadguard's exit code (visible in the ECS task's stopped reason and CloudWatch Logs; alarm on it).
# For large organizations, run N tasks with SHARD_INDEX0=0..N-1 and SHARD_COUNT=N (one schedule each, or an
# AWS Batch array job, whose AWS_BATCH_JOB_ARRAY_INDEX maps onto SHARD_INDEX0), then one merge task with
# MERGE_FROM (see examples/container/scan-and-upload.sh).
#
# Deploy in the management account or a delegated-administrator account:
#   terraform init && terraform apply -var image=… -var subnet_ids='["subnet-…"]' -var security_group_id=sg-…

terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.40" }
  }
}

variable "image" {
  description = "squadguard image built from examples/container/Dockerfile"
  type        = string
}
variable "subnet_ids" { type = list(string) }
variable "security_group_id" { type = string }
variable "reports_bucket" {
  type    = string
  default = "example-squadguard-reports"
}
variable "schedule" {
  type    = string
  default = "cron(17 3 * * ? *)"
}
variable "external_id_parameter" {
  description = "SSM SecureString parameter holding the audit role's external id"
  type        = string
  default     = "/squadguard/external-id"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_ecs_cluster" "squadguard" {
  name = "squadguard"
}

resource "aws_cloudwatch_log_group" "squadguard" {
  name              = "/squadguard/scan"
  retention_in_days = 90
}

# The scanning principal: lists the organization, assumes squadguard-audit everywhere, writes reports.
resource "aws_iam_role" "task" {
  name = "squadguard-scanner"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "task" {
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::*:role/squadguard-audit" },
      {
        Effect = "Allow"
        Action = [
          "organizations:DescribeOrganization", "organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent",
          "organizations:ListAccountsForParent", "organizations:ListParents", "organizations:ListTagsForResource",
        ]
        Resource = "*"
      },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = "arn:aws:s3:::${var.reports_bucket}/squadguard/*" },
    ]
  })
}

resource "aws_iam_role" "execution" {
  name = "squadguard-task-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow", Action = "ssm:GetParameters"
      Resource = "arn:aws:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${var.external_id_parameter}"
    }]
  })
}

resource "aws_ecs_task_definition" "scan" {
  family                   = "squadguard-scan"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "1024"
  memory                   = "2048"
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name      = "squadguard"
    image     = var.image
    essential = true
    # The entrypoint (scan-and-upload) prepends `scan`; SQUADGUARD_EXTERNAL_ID (from SSM) is read as --external-id.
    command = ["--org", "--region=all", "--account-concurrency=8", "--rate-limit=10", "--format=json,html,sarif,markdown"]
    environment = [
      { name = "REPORTS_BUCKET", value = var.reports_bucket },
      { name = "REPORTS_PREFIX", value = "squadguard/latest" },
      { name = "AWS_REGION", value = data.aws_region.current.name },
    ]
    secrets = [{ name = "SQUADGUARD_EXTERNAL_ID", valueFrom = var.external_id_parameter }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.squadguard.name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "scan"
      }
    }
  }])
}

resource "aws_iam_role" "scheduler" {
  name = "squadguard-scheduler"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "scheduler.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "scheduler" {
  role = aws_iam_role.scheduler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "ecs:RunTask", Resource = aws_ecs_task_definition.scan.arn_without_revision },
      { Effect = "Allow", Action = "iam:PassRole", Resource = [aws_iam_role.task.arn, aws_iam_role.execution.arn] },
    ]
  })
}

resource "aws_scheduler_schedule" "nightly" {
  name                         = "squadguard-nightly-org-scan"
  schedule_expression          = var.schedule
  schedule_expression_timezone = "UTC"
  flexible_time_window { mode = "OFF" }

  target {
    arn      = aws_ecs_cluster.squadguard.arn
    role_arn = aws_iam_role.scheduler.arn
    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.scan.arn_without_revision
      launch_type         = "FARGATE"
      network_configuration {
        subnets          = var.subnet_ids
        security_groups  = [var.security_group_id]
        assign_public_ip = false
      }
    }
    retry_policy {
      maximum_retry_attempts = 0 # a failed scan is reported, not silently re-run against production APIs
    }
  }
}
