import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One SDK client per service and container: Lambda reuses them across invocations (connection reuse), and the
 * SDK resolves region, credentials and endpoints (AWS_ENDPOINT_URL_<SERVICE>) from the environment itself.
 */
let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sqs: SQSClient | undefined;
let sns: SNSClient | undefined;
let secrets: SecretsManagerClient | undefined;

/** Document client that drops undefined fields (optional alert/profile fields) instead of rejecting the item. */
export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export const dynamoDocumentClient = (): DynamoDBDocumentClient => (dynamo ??= documentClientFor(new DynamoDBClient({})));
export const s3Client = (): S3Client => (s3 ??= new S3Client({}));
export const sqsClient = (): SQSClient => (sqs ??= new SQSClient({}));
export const snsClient = (): SNSClient => (sns ??= new SNSClient({}));
export const secretsClient = (): SecretsManagerClient => (secrets ??= new SecretsManagerClient({}));
