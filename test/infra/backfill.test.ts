import { afterAll, describe, expect, it } from 'vitest';
import { HOURS_PER_EXECUTION } from '../../lib/infra/backfill.ts';
import { TaskFailure, resolve, walk, type Json } from './asl-walk.ts';
import { cleanOutdirs, flatten, synthStack } from './synth.ts';

afterAll(cleanOutdirs);

const { template } = synthStack();
const [smId, sm] = Object.entries(template.findResources('AWS::StepFunctions::StateMachine'))[0]! as [string, { Properties: Json }];
// The definition with references as `<Logical.Attr>` markers inside its strings.
const definition: Json = JSON.parse(flatten(sm.Properties.DefinitionString));
const map: Json = definition.States.EachBatchOfHour;
const processor: Json = map.ItemProcessor;
const fnIdOf = (handlerOrEntry: string) => Object.entries(template.findResources('AWS::Lambda::Function'))
  .find(([, f]) => (f as Json).Properties.Handler === handlerOrEntry || (f as Json).Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === handlerOrEntry)![0];

interface Execution { input: Json; cursors: number[]; keys: string[]; planned: number; states: number; next?: Json; end: string }

/** Runs executions of the top-level definition, as Step Functions would chain them, until one does not continue. */
function run(hours: number, start: Json = {}): Execution[] {
  const executions: Execution[] = [];
  let input: Json = start;
  for (let i = 0; i < 20; i++) {
    const e: Execution = { input, cursors: [], keys: [], planned: 0, states: 0, end: '' };
    const context = { Execution: { Name: `exec-${i}`, Id: `arn:exec-${i}` } };
    const result = walk(definition, input, {
      context,
      run: (name, state, data) => {
        if (name === 'Plan') {
          e.planned++;
          expect(data).toEqual({ run: 'exec-0', input: start });
          return { bucket: 'raw-bucket', prefix: `backfill/${data.run}/`, hours, batches: hours * 3, skipped: 0 };
        }
        if (name === 'EachBatchOfHour') {
          e.cursors.push(data.cursor);
          e.keys.push(resolve(state.ItemReader.Parameters, data, context).Key);
          return [];
        }
        if (name === 'ContinueAsNew') {
          e.next = data.Input;
          return { ExecutionArn: 'arn:next' };
        }
        throw new Error(`unexpected task ${name}`);
      },
    });
    e.states = result.visited.length;
    e.end = result.end.state;
    executions.push(e);
    if (!e.next) return executions;
    input = e.next;
  }
  throw new Error('did not finish');
}

describe('backfill state machine', () => {
  it('replays hour n only after hour n-1, across executions handed over with their cursor', () => {
    const hours = 2 * HOURS_PER_EXECUTION + 345;
    const executions = run(hours);
    expect(executions.map((e) => e.end)).toEqual(['Continued', 'Continued', 'Done']);
    expect(executions.flatMap((e) => e.cursors)).toEqual(Array.from({ length: hours }, (_, n) => n));
    // Each hour reads the manifest the planner wrote for it (lambdas/runtime/backfill-plan.ts: `hour-<n>.json`).
    expect(executions.flatMap((e) => e.keys)).toEqual(Array.from({ length: hours }, (_, n) => `backfill/exec-0/hour-${n}.json`));
    expect(executions.map((e) => e.planned)).toEqual([1, 0, 0]);
    expect(executions[1]!.input).toMatchObject({ cursor: HOURS_PER_EXECUTION, plan: { prefix: 'backfill/exec-0/', hours }, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: 'arn:exec-0' });
    // History stays far below Step Functions' 25,000 events per execution (a state is at most ~5 events).
    for (const e of executions) expect(e.states * 5).toBeLessThan(25_000);
  });

  it('ends at once when there is nothing to replay', () => {
    expect(run(0)).toMatchObject([{ cursors: [], planned: 1, end: 'Done' }]);
  });

  it('hands over to itself: the continuation starts this very state machine', () => {
    const target = definition.States.ContinueAsNew.Parameters.StateMachineArn as string;
    expect(target).toBe(`arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${sm.Properties.StateMachineName}`);
    expect(definition.States.ContinueAsNew.Resource).toMatch(/:states:::states:startExecution$/);
  });

  it('replays an hour with a Distributed Map that tolerates failed batches (> 0 %), one batch at a time', () => {
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ToleratedFailurePercentage).toBeGreaterThan(0);
    expect(map.ToleratedFailurePercentage).toBe(100); // an hour may hold one batch: any lower share could stop the replay on it
    expect(map.MaxConcurrency).toBe(1);
    expect(map.ItemReader.ReaderConfig).toEqual({ InputType: 'JSON' });
    expect(map.ItemReader.Parameters['Bucket.$']).toBe('$.plan.bucket');
    const item = resolve(map.ItemSelector, { plan: { prefix: 'backfill/x/' }, cursor: 3 }, { Map: { Item: { Value: { Key: 'raw/k' }, Index: 7 } } });
    expect(item).toEqual({ Key: 'raw/k', hour: 3, index: 7, prefix: 'backfill/x/' });
  });

  describe('one batch', () => {
    const item = { Key: 'raw/source=slack/stream=audit/dt=2026-07-01/hour=10/r-000001.ndjson.gz', hour: 3, index: 7, prefix: 'backfill/exec-0/' };
    const batch = (detect: (attempt: number) => Json) => {
      const calls: { name: string; input: Json }[] = [];
      let attempt = 0;
      const result = walk(processor, item, {
        context: {},
        run: (name, _state, input) => {
          calls.push({ name, input });
          return name === 'Detect' ? detect(++attempt) : {};
        },
      });
      return { result, calls, attempts: attempt };
    };

    it('invokes the backfill detect function with the batch key', () => {
      const detect = processor.States.Detect;
      expect(detect.Resource).toBe(`<${fnIdOf('index.backfillHandler')}.Arn>`);
      const { result, calls } = batch(() => ({ records: 1 }));
      expect(calls).toEqual([{ name: 'Detect', input: { Key: item.Key } }]);
      expect(result.end.type).toBe('End');
    });

    it('retries state conflicts with live detection (and S3 read errors), then succeeds', () => {
      const { result, attempts } = batch((n) => {
        if (n <= 3) throw new TaskFailure('StateConflictError', 'state item profile#x changed since it was read');
        if (n === 4) throw new TaskFailure('BatchReadError', 'reading the batch failed');
        return { records: 1 };
      });
      expect(result.end.type).toBe('End');
      expect(attempts).toBe(5);
      const conflict = processor.States.Detect.Retry.find((r: Json) => r.ErrorEquals.includes('StateConflictError'));
      expect(conflict).toMatchObject({ MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' });
    });

    it('records a batch that keeps failing under backfill/<run>/failed/ and fails only that item', () => {
      const { result, calls, attempts } = batch(() => {
        throw new TaskFailure('ItemTooLarge', 'profile#x is 410 KB');
      });
      expect(attempts).toBe(1); // not a transient error: no retry
      const record = calls.find((c) => c.name === 'RecordFailure')!;
      expect(record.input).toMatchObject({ Bucket: `<${Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('RawLogsBucket'))}>`, Key: 'backfill/exec-0/failed/hour-3-item-7.json' });
      expect(JSON.parse(record.input.Body)).toEqual({ ...item, error: { Error: 'ItemTooLarge', Cause: 'profile#x is 410 KB' } });
      expect(result.end).toEqual({ state: 'BatchFailed', type: 'Fail', output: { Error: 'ItemTooLarge', Cause: 'profile#x is 410 KB' } });
    });

    it('gives up on a conflict that never clears after its retries, and records it', () => {
      const { result, attempts } = batch(() => {
        throw new TaskFailure('StateConflictError', 'always');
      });
      expect(attempts).toBe(1 + 6);
      expect(result.end.state).toBe('BatchFailed');
    });
  });

  it('lets the state machine read only the manifests and the planner list only raw/ and write only backfill/', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Json[];
    const statementsOf = (roleRef: string) => policies.filter((p) => p.Properties.Roles.some((r: Json) => r.Ref === roleRef)).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const s3Of = (statements: Json[]) => statements.filter((s) => [s.Action].flat().some((a: string) => /^s3:/i.test(a)))
      .map((s) => [[s.Action].flat().join(','), flatten(s.Resource), JSON.stringify(s.Condition ?? {})]);
    const smRole = sm.Properties.RoleArn['Fn::GetAtt'][0];
    const bucket = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('RawLogsBucket'));
    expect(s3Of(statementsOf(smRole)).sort()).toEqual([
      ['s3:GetObject', `<${bucket}.Arn>/backfill/*`, '{}'],
      ['s3:putObject', `<${bucket}.Arn>/backfill/*`, '{}'],
    ]);
    const planFn = (template.findResources('AWS::Lambda::Function') as Json)[fnIdOf('backfill-plan')];
    const planRole = planFn.Properties.Role['Fn::GetAtt'][0];
    expect(s3Of(statementsOf(planRole)).sort()).toEqual([
      ['s3:ListBucket', `<${bucket}.Arn>`, '{"StringLike":{"s3:prefix":["raw/*"]}}'],
      ['s3:PutObject', `<${bucket}.Arn>/backfill/*`, '{}'],
    ]);
    expect(smId).toBeDefined();
  });
});
