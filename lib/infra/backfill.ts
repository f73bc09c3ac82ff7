import { CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, nagArn } from './nag-acknowledgements.ts';

/**
 * Replays months of raw batches in AWS: a Distributed Map over the raw/ prefix invokes the detect function's
 * `backfillHandler` per object. Concurrency 1 by default because baselines must see one source's batches in order;
 * raise it only for sources replayed into an empty state.
 */
export class Backfill extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: { bucket: s3.IBucket; backfillFn: lambda.IFunction; key: kms.IKey; maxConcurrency?: number }) {
    super(scope, id);
    const map = new sfn.DistributedMap(this, 'EachBatch', {
      itemReader: new sfn.S3ObjectsItemReader({ bucket: props.bucket, prefix: 'raw/' }),
      maxConcurrency: props.maxConcurrency ?? 1,
      toleratedFailurePercentage: 0,
    });
    map.itemProcessor(new tasks.LambdaInvoke(this, 'Detect', {
      lambdaFunction: props.backfillFn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    }));
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: props.key, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(map),
      timeout: Duration.days(7),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    props.bucket.grantRead(this.stateMachine, 'raw/*');
    acknowledge(this.stateMachine, {
      'AwsSolutions-IAM5[Action::s3:GetObject*]': 'CDK read grant, scoped to the raw/ prefix of the raw-log bucket.',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': 'CDK read grant on the raw-log bucket, needed by the Distributed Map item reader.',
      'AwsSolutions-IAM5[Action::s3:List*]': 'The Distributed Map lists the raw/ prefix to find batches to replay.',
      [`AwsSolutions-IAM5[Resource::${nagArn(props.bucket)}/raw/*]`]: 'Reads only the raw/ prefix: the batches to replay.',
      'AwsSolutions-IAM5[Resource::*]': 'X-Ray tracing and CloudWatch Logs delivery actions have no resource-level permissions.',
      [`AwsSolutions-IAM5[Resource::${nagArn(props.backfillFn)}:*]`]: 'Invokes the backfill detect function (any published version of it).',
    });
    // The Distributed Map's own policy: describe/stop/redrive its child executions, which have generated names.
    const sm = Stack.of(this).resolve((this.stateMachine.node.defaultChild as CfnElement).logicalId) as string;
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}`;
    acknowledge(this.stateMachine, {
      [`AwsSolutions-IAM5[Resource::${executions}:*]`]: 'Map Run child executions of this state machine only; their names are generated at run time.',
      [`AwsSolutions-IAM5[Resource::${executions}/*:*]`]: 'Redrive of this state machine\'s own Map Run executions only.',
    });
  }
}
