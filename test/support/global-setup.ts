import type { TestProject } from 'vitest/node';
import { spawnDynamoDbLocal } from './dynamodb-local.ts';

/**
 * One DynamoDB Local (a JVM: the slow part to start) for the whole suite; test files create their own tables.
 * Files run alone (without this setup) start their own instance.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ddb = await spawnDynamoDbLocal();
  project.provide('dynamodbLocalEndpoint', ddb.endpoint);
  return () => ddb.stop();
}
