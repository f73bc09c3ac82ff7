import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledge cdk-nag findings on a construct, each with its specific reason (v3 API). */
export function acknowledge(scope: IConstruct, findings: Record<string, string>): void {
  for (const [id, reason] of Object.entries(findings)) Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag spells a resource's ARN inside a finding id: `<LogicalId.Arn>`. */
export function nagArn(resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnElement;
  return `<${Stack.of(resource).resolve(cfn.logicalId) as string}.Arn>`;
}

export const KMS_GRANT_REASONS = {
  'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': 'CDK grant for the stack\'s own KMS key (encrypting S3 objects, queue messages and secrets); scoped to that one key ARN.',
  'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': 'CDK grant for sending to the KMS-encrypted FIFO queue; scoped to the stack\'s own key ARN.',
  'AwsSolutions-IAM5[Resource::*]': 'Only X-Ray tracing (xray:PutTraceSegments/PutTelemetryRecords), which has no resource-level permissions; no data action has a * resource (asserted in test/infra).',
};
