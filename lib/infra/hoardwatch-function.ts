import { Duration, Validations } from 'aws-cdk-lib';
import { XRAY_REASON, acknowledge } from './nag-acknowledgements.ts';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** cdk-nag AwsSolutions-L1 wants the newest Node runtime; Graviton is cheaper per GB-second. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ARCHITECTURE = lambda.Architecture.ARM_64;

/**
 * A Lambda of this project: Node 24 (cdk-nag L1), ESM bundle built by the local esbuild (no Docker), one-month
 * encrypted logs, X-Ray tracing, Powertools settings. Its role starts empty: each construct grants only what it needs.
 */
export class HoardwatchFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: {
    entry: string;
    handler?: string;
    /** Powertools service name: the `service` dimension of its metrics and the field in its logs. */
    service: string;
    timeout: Duration;
    memoryMb?: number;
    environment: Record<string, string>;
    key: kms.IKey;
    layers?: lambda.ILayerVersion[];
  }) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: props.key });
    this.fn = new nodejs.NodejsFunction(this, 'Fn', {
      entry: join(REPO_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      ...(props.layers ? { layers: props.layers } : {}),
      timeout: props.timeout,
      memorySize: props.memoryMb ?? 1024,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: { POWERTOOLS_METRICS_NAMESPACE: 'Hoardwatch', POWERTOOLS_SERVICE_NAME: props.service, ...props.environment },
      environmentEncryption: props.key,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundle the pinned AWS SDK too: the same versions as in tests, not whatever the runtime ships.
        externalModules: [],
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        minify: true,
        sourceMap: true,
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The managed basic execution policy only allows writing this function\'s own CloudWatch logs.',
    });
    acknowledge(this.fn, XRAY_REASON);
  }
}
