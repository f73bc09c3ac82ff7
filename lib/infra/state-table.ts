import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The single state table (DESIGN.md §7): `pk` only, on demand, point-in-time recovery, TTL on `ttl`, KMS.
 * Items: profile#, identity#, tenant, checkpoint#, lease#, alert#, batch#, names# (see lib/adapters/state/table-keys.ts).
 */
export class StateTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);
    // Table (not TableV2): a customer-managed key on TableV2 needs a region-bound stack, and synth stays agnostic.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Sparse index of alerts recorded but not yet published (only such items carry `unsentPk`), oldest first: a retry
    // takes the longest-waiting ones, and those it cannot send are parked (leave the index) instead of staying ahead.
    // A GSI's key schema cannot change in place: a stack deployed with the older, partition-only index must drop it
    // in one deployment and add this one in the next (CloudFormation changes one GSI per update).
    this.table.addGlobalSecondaryIndex({
      indexName: 'unsent',
      partitionKey: { name: 'unsentPk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'recordedAt', type: dynamodb.AttributeType.NUMBER },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
