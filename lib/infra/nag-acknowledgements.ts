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

/** Every function traces to X-Ray, whose actions have no resource-level permissions. */
export const XRAY_REASON = {
  'AwsSolutions-IAM5[Resource::*]': 'Only X-Ray tracing (xray:PutTraceSegments/PutTelemetryRecords), which has no resource-level permissions; no data action has a * resource (asserted in test/infra).',
};
