import type { Alert } from '../../core/alert.ts';
import type { AlertCopy } from './alert-archive.ts';

export interface PublishOptions {
  /** Where the full alert is kept: named in the message when only a summary fits. */
  fullCopy?: AlertCopy | undefined;
  /** The alert is a trimmed copy (its record was over budget): send the summary and the full copy's location. */
  trimmed?: boolean;
}

/** Sends an alert to its readers (SNS in AWS, stdout for the CLI). */
export interface AlertPublisher {
  publish(alert: Alert, options?: PublishOptions): Promise<void>;
}
