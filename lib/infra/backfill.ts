import { CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { HoardwatchFunction } from './hoardwatch-function.ts';
import { acknowledge, nagArn } from './nag-acknowledgements.ts';

/**
 * Hours replayed by one execution before it hands the rest to a fresh one ("continue as new"): about ten history
 * events per hour keeps an execution far below Step Functions' 25,000-event limit, and 500 hours of a busy tenant
 * (~120 batches an hour) well inside the 7-day execution timeout.
 */
export const HOURS_PER_EXECUTION = 500;

/**
 * Replays months of raw batches in AWS, in time order across all sources and streams:
 * 1. `Plan` (lambdas/backfill-plan.ts) lists raw/ (or the `prefix` of the execution input) and writes one manifest
 *    per collection hour, numbered in time order (S3 itself lists one stream's whole history before the next).
 * 2. A loop replays hour n with a Distributed Map over that hour's manifest, invoking the detect function's
 *    `backfillHandler` per batch, and starts hour n+1 only when hour n is done. Within an hour the batches run in any
 *    order, `maxConcurrency` at a time (default 1): live detection interleaves the streams of an hour as well.
 * 3. A batch that fails is retried (state conflicts with live detection, S3 read errors, Lambda throttling); if it
 *    still fails it is recorded under `backfill/<run>/failed/` and skipped: the Map Run tolerates any share of failed
 *    batches (an hour may hold a single batch), so one bad batch never stops the replay. Ops hear of each failure
 *    through the Backfill-Errors alarm. Anything else that fails (a manifest, the plan) fails the execution: redrive
 *    it once fixed and it resumes where it stopped.
 */
export class Backfill extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly planFn: HoardwatchFunction;

  constructor(scope: Construct, id: string, props: {
    bucket: s3.IBucket; backfillFn: lambda.IFunction; key: kms.IKey; maxConcurrency?: number; hoursPerExecution?: number;
  }) {
    super(scope, id);
    const { bucket, key } = props;
    const stack = Stack.of(this);
    // A fixed name lets the state machine start its own continuation without a reference to itself.
    const stateMachineName = `${stack.stackName}-Backfill`;

    this.planFn = new HoardwatchFunction(this, 'PlanFunction', {
      entry: 'lambdas/backfill-plan.ts',
      service: 'backfill-plan',
      timeout: Duration.minutes(15),
      memoryMb: 2048, // keys are held in memory to sort them: ~200 bytes each
      key,
      environment: { RAW_BUCKET: bucket.bucketName, RAW_BUCKET_KMS_KEY_ARN: key.keyArn },
    });
    const planFn = this.planFn.fn;
    planFn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': ['raw/*'] } },
    }));
    planFn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('backfill/*')] }));
    key.grant(planFn, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledge(planFn, {
      [`AwsSolutions-IAM5[Resource::${nagArn(bucket)}/backfill/*]`]: 'Writes the manifests of a backfill run under backfill/<execution>/; their names are generated per run.',
    });

    const plan = new tasks.LambdaInvoke(this, 'Plan', {
      lambdaFunction: this.planFn.fn,
      payload: sfn.TaskInput.fromObject({ run: sfn.JsonPath.executionName, input: sfn.JsonPath.entirePayload }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      resultPath: '$.plan',
    });
    const start = new sfn.Pass(this, 'Start', { parameters: { plan: sfn.JsonPath.objectAt('$.plan'), cursor: 0, steps: 0 } });
    const resume = new sfn.Pass(this, 'Resume', { parameters: { plan: sfn.JsonPath.objectAt('$.plan'), cursor: sfn.JsonPath.numberAt('$.cursor'), steps: 0 } });

    const eachBatchOfHour = new sfn.DistributedMap(this, 'EachBatchOfHour', {
      itemReader: new sfn.S3JsonItemReader({
        bucketNamePath: sfn.JsonPath.stringAt('$.plan.bucket'),
        key: sfn.JsonPath.format('{}hour-{}.json', sfn.JsonPath.stringAt('$.plan.prefix'), sfn.JsonPath.stringAt('$.cursor')),
      }),
      itemSelector: {
        Key: sfn.JsonPath.stringAt('$$.Map.Item.Value.Key'),
        hour: sfn.JsonPath.numberAt('$.cursor'),
        index: sfn.JsonPath.numberAt('$$.Map.Item.Index'),
        prefix: sfn.JsonPath.stringAt('$.plan.prefix'),
      },
      maxConcurrency: props.maxConcurrency ?? 1,
      // Failed batches are recorded and skipped (see above); the hour's Map Run itself never fails for them.
      toleratedFailurePercentage: 100,
      label: 'hour',
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: sfn.JsonPath.DISCARD,
    });
    eachBatchOfHour.itemProcessor(this.batchProcessor(props.backfillFn, bucket));

    const nextHour = new sfn.Pass(this, 'NextHour', {
      parameters: {
        plan: sfn.JsonPath.objectAt('$.plan'),
        cursor: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.cursor'), 1),
        steps: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.steps'), 1),
      },
    });
    const continueAsNew = new tasks.StepFunctionsStartExecution(this, 'ContinueAsNew', {
      stateMachine: sfn.StateMachine.fromStateMachineName(this, 'Self', stateMachineName),
      input: sfn.TaskInput.fromObject({ plan: sfn.JsonPath.objectAt('$.plan'), cursor: sfn.JsonPath.numberAt('$.cursor') }),
      integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
      associateWithParent: true,
      resultPath: sfn.JsonPath.DISCARD,
    });
    const hoursLeft = new sfn.Choice(this, 'HoursLeft?')
      .when(sfn.Condition.numberLessThanJsonPath('$.cursor', '$.plan.hours'),
        new sfn.Choice(this, 'ExecutionFull?')
          .when(sfn.Condition.numberGreaterThanEquals('$.steps', props.hoursPerExecution ?? HOURS_PER_EXECUTION),
            continueAsNew.next(new sfn.Succeed(this, 'Continued')))
          .otherwise(eachBatchOfHour))
      .otherwise(new sfn.Succeed(this, 'Done'));
    eachBatchOfHour.next(nextHour);
    nextHour.next(hoursLeft);
    start.next(hoursLeft);
    resume.next(hoursLeft);
    plan.next(start);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      definitionBody: sfn.DefinitionBody.fromChainable(
        new sfn.Choice(this, 'Continuation?').when(sfn.Condition.isPresent('$.plan'), resume).otherwise(plan),
      ),
      timeout: Duration.days(7),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // The Distributed Map reads the hour manifests (RecordFailure writes beside them): nothing else of the bucket.
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('backfill/*')] }));
    key.grant(this.stateMachine, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.acknowledgeFindings(bucket, props.backfillFn);
  }

  /** One batch: detect it; retry what is transient; record and fail what still fails (the Map Run skips it). */
  private batchProcessor(backfillFn: lambda.IFunction, bucket: s3.IBucket): sfn.IChainable {
    const detect = new tasks.LambdaInvoke(this, 'Detect', {
      lambdaFunction: backfillFn,
      payload: sfn.TaskInput.fromObject({ Key: sfn.JsonPath.stringAt('$.Key') }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      resultPath: sfn.JsonPath.DISCARD,
    });
    // Live detection updates the same profiles: the handler retries a lost race 4 times, this retries the batch.
    detect.addRetry({ errors: ['StateConflictError'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, jitterStrategy: sfn.JitterType.FULL });
    detect.addRetry({ errors: ['BatchReadError'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 3 });
    const record = new tasks.CallAwsService(this, 'RecordFailure', {
      service: 's3',
      action: 'putObject',
      parameters: {
        Bucket: bucket.bucketName,
        Key: sfn.JsonPath.format('{}failed/hour-{}-item-{}.json', sfn.JsonPath.stringAt('$.prefix'), sfn.JsonPath.stringAt('$.hour'), sfn.JsonPath.stringAt('$.index')),
        Body: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$')),
        ContentType: 'application/json',
      },
      iamResources: [bucket.arnForObjects('backfill/*')],
      resultPath: sfn.JsonPath.DISCARD,
    });
    detect.addCatch(record, { errors: ['States.ALL'], resultPath: '$.error' });
    record.next(new sfn.Fail(this, 'BatchFailed', { errorPath: '$.error.Error', causePath: '$.error.Cause' }));
    return detect;
  }

  private acknowledgeFindings(bucket: s3.IBucket, backfillFn: lambda.IFunction): void {
    acknowledge(this.stateMachine, {
      [`AwsSolutions-IAM5[Resource::${nagArn(bucket)}/backfill/*]`]: 'Reads the hour manifests and records failed batches under backfill/<execution>/; their names are generated per run.',
      'AwsSolutions-IAM5[Resource::*]': 'X-Ray tracing and CloudWatch Logs delivery actions have no resource-level permissions.',
      [`AwsSolutions-IAM5[Resource::${nagArn(backfillFn)}:*]`]: 'Invokes the backfill detect function (any published version of it).',
      [`AwsSolutions-IAM5[Resource::${nagArn(this.planFn.fn)}:*]`]: 'Invokes the backfill planner (any published version of it).',
    });
    // The Distributed Map's own policy: describe/stop/redrive its child executions, which have generated names.
    const sm = Stack.of(this).resolve((this.stateMachine.node.defaultChild as CfnElement).logicalId) as string;
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}`;
    acknowledge(this.stateMachine, {
      [`AwsSolutions-IAM5[Resource::${executions}:*]`]: 'Map Run child executions of this state machine only; their names are generated at run time.',
      [`AwsSolutions-IAM5[Resource::${executions}/hour:*]`]: 'Redrive of this state machine\'s own Map Runs (label "hour") only.',
    });
  }
}
