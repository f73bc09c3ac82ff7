import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '../../core/alert.ts';
import type { AlertPublisher } from '../ports.ts';
import { alertEmailText } from './alert-email-text.ts';
import { alertSubject } from './alert-subject.ts';

export class AlertPublishError extends Error {
  constructor(readonly alertId: string, options?: ErrorOptions) {
    super(`publishing alert ${alertId} failed`, options);
    this.name = 'AlertPublishError';
  }
}

/** The Publish request for one alert: JSON for every protocol, readable text for e-mail, attributes for filters. */
export function alertPublishInput(topicArn: string, alert: Alert): ConstructorParameters<typeof PublishCommand>[0] {
  return {
    TopicArn: topicArn,
    Subject: alertSubject(alert),
    MessageStructure: 'json',
    Message: JSON.stringify({ default: JSON.stringify(alert), email: alertEmailText(alert) }),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      technique: { DataType: 'String', StringValue: alert.technique },
      tier: { DataType: 'Number', StringValue: String(alert.escalation.tier) },
      source: { DataType: 'String', StringValue: alert.principal.source },
    },
  };
}

export class SnsAlertPublisher implements AlertPublisher {
  constructor(private readonly client: SNSClient, private readonly topicArn: string) {}

  async publish(alert: Alert): Promise<void> {
    try {
      await this.client.send(new PublishCommand(alertPublishInput(this.topicArn, alert)));
    } catch (err) {
      throw new AlertPublishError(alert.id, { cause: err });
    }
  }
}
