import { CfnResource, Stack, type IResolvable } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IValidation } from 'constructs';

/**
 * Lambda rejects a function whose environment passes 4 KB, measured as the JSON of the variable map (names, values,
 * quotes and separators: the "String measured" of its error), and only at deploy time. Synth checks it instead.
 */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

// Unresolved values (references to resources of the stack) count at their longest possible resolved length.
const PARTITION = 10; // aws-us-gov
const REGION = 25;
const ACCOUNT = 12;
const URL_SUFFIX = 20; // amazonaws.com.cn
const arn = (service: string, resource: number): number => 'arn::::'.length + PARTITION + service.length + REGION + ACCOUNT + 1 + resource;

const PSEUDO: Record<string, number> = {
  'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': PARTITION, 'AWS::URLSuffix': URL_SUFFIX,
  'AWS::StackName': 128, 'AWS::StackId': arn('cloudformation', 'stack/'.length + 128 + 37), 'AWS::NoValue': 0,
};
/** `<resource type>|<attribute>` (`Ref` for a Ref) → longest value, from each service's name limits. */
const REFERENCES: Record<string, number> = {
  'AWS::DynamoDB::Table|Ref': 255,
  'AWS::DynamoDB::Table|Arn': arn('dynamodb', 'table/'.length + 255),
  'AWS::S3::Bucket|Ref': 63,
  'AWS::S3::Bucket|Arn': 'arn::s3:::'.length + PARTITION + 63,
  'AWS::SNS::Topic|Ref': arn('sns', 256),
  'AWS::SNS::Topic|TopicArn': arn('sns', 256),
  'AWS::SNS::Topic|TopicName': 256,
  'AWS::SQS::Queue|Ref': 'https://sqs../'.length + REGION + URL_SUFFIX + ACCOUNT + 1 + 80,
  'AWS::SQS::Queue|Arn': arn('sqs', 80),
  'AWS::SQS::Queue|QueueName': 80,
  'AWS::KMS::Key|Ref': 36,
  'AWS::KMS::Key|Arn': arn('kms', 'key/'.length + 36),
  'AWS::SecretsManager::Secret|Ref': arn('secretsmanager', 'secret:-'.length + 512 + 6),
  'AWS::SecretsManager::Secret|Id': arn('secretsmanager', 'secret:-'.length + 512 + 6),
  'AWS::Lambda::Function|Ref': 64,
  'AWS::Lambda::Function|Arn': arn('lambda', 'function:'.length + 64),
  'AWS::Lambda::LayerVersion|Ref': arn('lambda', 'layer::'.length + 140 + 10),
  'AWS::StepFunctions::StateMachine|Ref': arn('states', 'stateMachine:'.length + 80),
};
/** Anything else (an import, a Sub, a reference of another type) counts as this much: large, to fail safe. */
export const UNKNOWN_VALUE_BYTES = 1024;

export interface EnvironmentSize {
  /** Upper bound of the environment as Lambda measures it. */
  bytes: number;
  /** Variables by their share, largest first. */
  variables: { name: string; bytes: number }[];
}

/**
 * The worst-case size of a resolved `Environment.Variables` map: literal text exactly (UTF-8 bytes, JSON escapes),
 * references at their longest. `typeOf` gives a logical id's resource type.
 */
export function environmentSize(variables: Record<string, unknown>, typeOf: (logicalId: string) => string | undefined = () => undefined): EnvironmentSize {
  const worst: Record<string, string> = {};
  const shares: { name: string; bytes: number }[] = [];
  for (const [name, value] of Object.entries(variables)) {
    worst[name] = worstCase(value, typeOf);
    shares.push({ name, bytes: Buffer.byteLength(JSON.stringify({ [name]: worst[name] })) - 2 });
  }
  shares.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { bytes: Buffer.byteLength(JSON.stringify(worst)), variables: shares };
}

/** A string as long as the longest value `value` can resolve to (`x` stands in for unknown characters). */
function worstCase(value: unknown, typeOf: (logicalId: string) => string | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (fn === 'Ref' && typeof args === 'string') {
      return 'x'.repeat(PSEUDO[args] ?? REFERENCES[`${typeOf(args)}|Ref`] ?? UNKNOWN_VALUE_BYTES);
    }
    if (fn === 'Fn::GetAtt' && Array.isArray(args) && typeof args[0] === 'string') {
      return 'x'.repeat(REFERENCES[`${typeOf(args[0])}|${String(args[1])}`] ?? UNKNOWN_VALUE_BYTES);
    }
    if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
      return (args[1] as unknown[]).map((part) => worstCase(part, typeOf)).join(args[0]);
    }
  }
  return 'x'.repeat(UNKNOWN_VALUE_BYTES);
}

/** Synth-time check of every Lambda function of a stack: fails synth naming the function and its largest variables. */
export class LambdaEnvironmentBudget implements IValidation {
  constructor(private readonly stack: Stack) {}

  validate(): string[] {
    const types = new Map<string, string>();
    for (const c of this.stack.node.findAll()) {
      if (CfnResource.isCfnResource(c) && Stack.of(c) === this.stack) types.set(this.stack.resolve(c.logicalId) as string, c.cfnResourceType);
    }
    const errors: string[] = [];
    for (const c of this.stack.node.findAll()) {
      if (!(c instanceof lambda.CfnFunction) || Stack.of(c) !== this.stack) continue;
      const env = this.stack.resolve(c.environment as IResolvable | undefined) as { variables?: Record<string, unknown> } | undefined;
      const size = environmentSize(env?.variables ?? {}, (id) => types.get(id));
      if (size.bytes <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) continue;
      const largest = size.variables.slice(0, 3).map((v) => `${v.name} (${v.bytes} bytes)`).join(', ');
      errors.push(`Lambda function ${c.node.scope?.node.path ?? c.node.path}: its environment would take up to ${size.bytes} bytes `
        + `(names and values as Lambda measures them, unresolved references at their longest), over Lambda's limit of `
        + `${LAMBDA_ENVIRONMENT_LIMIT_BYTES}. Largest: ${largest}. Ship large values another way (the detect config travels in a layer).`);
    }
    return errors;
  }
}
