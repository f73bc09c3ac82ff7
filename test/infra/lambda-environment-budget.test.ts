import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/core/config.ts';
import {
  environmentSize, LAMBDA_ENVIRONMENT_LIMIT_BYTES, LambdaEnvironmentBudget, UNKNOWN_VALUE_BYTES,
} from '../../lib/infra/lambda-environment-budget.ts';
import { largeConfig } from './large-config.ts';
import { cleanOutdirs, synthStack } from './synth.ts';

afterAll(cleanOutdirs);

describe('environmentSize', () => {
  it('measures the JSON of the variable map in UTF-8 bytes, escapes included', () => {
    expect(environmentSize({ A: 'é' }).bytes).toBe(Buffer.byteLength('{"A":"é"}'));
    expect(environmentSize({ A: 'say "hi"\n' }).bytes).toBe(Buffer.byteLength(JSON.stringify({ A: 'say "hi"\n' })));
    expect(environmentSize({ A: '𝄞'.repeat(100) }).bytes).toBe('{"A":""}'.length + 400);
    expect(environmentSize({}).bytes).toBe(2);
  });

  it('counts references at their longest resolved value, unknown ones large', () => {
    const types = (id: string) => ({ T: 'AWS::DynamoDB::Table', B: 'AWS::S3::Bucket' } as Record<string, string>)[id];
    expect(environmentSize({ X: { Ref: 'T' } }, types).bytes).toBe('{"X":""}'.length + 255);
    expect(environmentSize({ X: { Ref: 'B' } }, types).bytes).toBe('{"X":""}'.length + 63);
    expect(environmentSize({ X: { Ref: 'Unknown' } }, types).bytes).toBe('{"X":""}'.length + UNKNOWN_VALUE_BYTES);
    expect(environmentSize({ X: { 'Fn::Sub': '${AWS::Region}' } }, types).bytes).toBe('{"X":""}'.length + UNKNOWN_VALUE_BYTES);
    // A join counts its literal parts exactly and its references at their longest.
    expect(environmentSize({ X: { 'Fn::Join': ['', ['sqs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } }).bytes)
      .toBe('{"X":""}'.length + 'sqs.'.length + 25 + 1 + 20);
  });

  it('lists variables largest first', () => {
    const size = environmentSize({ SMALL: 'x', BIG: 'y'.repeat(100), MID: 'z'.repeat(10) });
    expect(size.variables.map((v) => v.name)).toEqual(['BIG', 'MID', 'SMALL']);
    expect(size.variables[0]!.bytes).toBe('"BIG":""'.length + 100);
  });
});

describe('LambdaEnvironmentBudget', () => {
  const stackWith = (environment: Record<string, string>) => {
    const stack = new Stack(new App(), 'S');
    new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=()=>1'), environment });
    return stack;
  };
  const overhead = Buffer.byteLength(JSON.stringify({ V: '' }));

  it('passes an environment of exactly 4096 bytes and fails one of 4097, naming the function', () => {
    expect(new LambdaEnvironmentBudget(stackWith({ V: 'x'.repeat(LAMBDA_ENVIRONMENT_LIMIT_BYTES - overhead) })).validate()).toEqual([]);
    const errors = new LambdaEnvironmentBudget(stackWith({ V: 'x'.repeat(LAMBDA_ENVIRONMENT_LIMIT_BYTES - overhead + 1) })).validate();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Lambda function S/Fn:');
    expect(errors[0]).toContain('up to 4097 bytes');
    expect(errors[0]).toContain('V (4095 bytes)');
  });

  it('counts multi-byte characters as bytes: 2,100 two-byte characters are over the limit', () => {
    expect(new LambdaEnvironmentBudget(stackWith({ V: 'é'.repeat(2_100) })).validate()).toHaveLength(1);
  });

  it('counts a reference to a table at the longest table name', () => {
    const stack = new Stack(new App(), 'S');
    const table = new dynamodb.Table(stack, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const fill = LAMBDA_ENVIRONMENT_LIMIT_BYTES - Buffer.byteLength(JSON.stringify({ V: '', T: '' })) - 255;
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), environment: { V: 'x'.repeat(fill), T: table.tableName } });
    expect(new LambdaEnvironmentBudget(stack).validate()).toEqual([]);
    fn.addEnvironment('W', '');
    expect(new LambdaEnvironmentBudget(stack).validate()).toHaveLength(1);
  });
});

describe('synth of the stack', () => {
  it('fails with a clear error naming the function when a collector\'s environment passes 4 KB', () => {
    expect(() => synthStack({ before: (s) => s.collectors.slack!.fn.fn.addEnvironment('EXTRA', 'x'.repeat(4_000)) }))
      .toThrow(/Lambda function Hoardwatch\/Collect-slack\/Function\/Fn: its environment would take up to \d+ bytes .*over Lambda's limit of 4096\. Largest: EXTRA \(4010 bytes\)/s);
  });

  it('would have failed the old design: the whole config in HOARDWATCH_CONFIG of the detect function', () => {
    const json = JSON.stringify(parseConfig(largeConfig()));
    expect(() => synthStack({
      before: (s) => (s.node.findChild('Detect').node.findChild('Function').node.findChild('Fn') as lambda.Function).addEnvironment('HOARDWATCH_CONFIG', json),
    })).toThrow(/Lambda function Hoardwatch\/Detect\/Function\/Fn: .*Largest: HOARDWATCH_CONFIG \(\d{5} bytes\)/s);
  });
});
