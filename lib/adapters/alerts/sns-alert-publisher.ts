import { PublishCommand } from '@aws-sdk/client-sns';
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '../../core/alert.ts';
import type { AlertCopy } from './alert-archive.ts';
import type { AlertPublisher, PublishOptions } from './alert-publisher.ts';
import { alertEmailText } from './alert-email-text.ts';
import { alertSubject } from './alert-subject.ts';
import { alertSummary, alertSummaryText } from './alert-summary.ts';

/** SNS takes at most 256 KiB per message, the JSON of every protocol together and the attributes included. */
export const SNS_MESSAGE_LIMIT = 256 * 1024;
/** What we allow ourselves: the limit less a margin for what SNS may count that we do not. */
export const SNS_MESSAGE_BUDGET = SNS_MESSAGE_LIMIT - 4 * 1024;

export class AlertPublishError extends Error {
  constructor(readonly alertId: string, options?: ErrorOptions) {
    super(`publishing alert ${alertId} failed`, options);
    this.name = 'AlertPublishError';
  }
}

/** Bytes of a Publish request as SNS counts them against its limit: message, subject, attributes. */
export function publishBytes(input: PublishCommandInput): number {
  let n = Buffer.byteLength(input.Message ?? '', 'utf8') + Buffer.byteLength(input.Subject ?? '', 'utf8');
  for (const [name, a] of Object.entries(input.MessageAttributes ?? {})) {
    n += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType ?? '', 'utf8') + Buffer.byteLength(a.StringValue ?? '', 'utf8');
  }
  return n;
}

function request(topicArn: string, alert: Alert, def: string, email: string): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: alertSubject(alert),
    MessageStructure: 'json',
    Message: JSON.stringify({ default: def, email }),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      technique: { DataType: 'String', StringValue: alert.technique },
      tier: { DataType: 'Number', StringValue: String(alert.escalation.tier) },
      source: { DataType: 'String', StringValue: alert.principal.source },
    },
  };
}

/**
 * The Publish request for one alert: JSON for every protocol, readable text for e-mail, attributes for filters.
 * When that would pass SNS_MESSAGE_BUDGET (or the alert is a trimmed copy), every protocol gets the summary and
 * the S3 location of the full alert instead (DESIGN.md §4), so the message can always be sent.
 */
export function alertPublishInput(topicArn: string, alert: Alert, options: PublishOptions = {}): PublishCommandInput {
  if (!options.trimmed) {
    const full = request(topicArn, alert, JSON.stringify(alert), alertEmailText(alert));
    if (publishBytes(full) <= SNS_MESSAGE_BUDGET) return full;
  }
  return summaryInput(topicArn, alert, options.fullCopy);
}

function summaryInput(topicArn: string, alert: Alert, fullCopy: AlertCopy | undefined): PublishCommandInput {
  const s = alertSummary(alert, fullCopy);
  return request(topicArn, alert, JSON.stringify(s), alertSummaryText(s));
}

export class SnsAlertPublisher implements AlertPublisher {
  constructor(private readonly client: SNSClient, private readonly topicArn: string) {}

  async publish(alert: Alert, options?: PublishOptions): Promise<void> {
    try {
      await this.client.send(new PublishCommand(alertPublishInput(this.topicArn, alert, options)));
    } catch (err) {
      throw new AlertPublishError(alert.id, { cause: err });
    }
  }
}
