import type { Writable } from 'node:stream';
import type { Alert } from '../../core/alert.ts';
import type { AlertPublisher } from './alert-publisher.ts';
import { alertEmailText } from './alert-email-text.ts';

/** Local stand-in for SNS: one alert per line as JSON (`--json`), or the e-mail text for people. */
export class StdoutAlertPublisher implements AlertPublisher {
  constructor(private readonly out: Writable = process.stdout, private readonly format: 'json' | 'text' = 'json') {}

  publish(alert: Alert): Promise<void> {
    const text = this.format === 'json' ? `${JSON.stringify(alert)}\n` : `${alertEmailText(alert)}\n`;
    return new Promise((resolve, reject) => {
      this.out.write(text, (err) => (err ? reject(err) : resolve()));
    });
  }
}
