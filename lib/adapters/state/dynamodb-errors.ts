/** A DynamoDB call that failed for a reason other than a lost conditional-write race. */
export class DynamoDbStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDbStoreError';
  }
}

/** True for the error DynamoDB returns when a write's condition did not hold (the expected outcome of a race). */
export function isConditionFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}
