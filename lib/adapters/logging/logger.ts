import { Logger } from '@aws-lambda-powertools/logger';
import { Redactor } from '../../sources/http/redact.ts';
import { RedactingLogFormatter } from './redacting-log-formatter.ts';

export interface HoardwatchLogger {
  logger: Logger;
  /** Values (e.g. a secret's fields) that must never appear in a log line from now on. */
  addSecrets(values: Iterable<string>): void;
  /** The formatter's redactor: give it to whatever obtains credentials at run time (vendor HTTP clients). */
  redactor: Redactor;
}

/** The Lambdas' structured logger (service name from POWERTOOLS_SERVICE_NAME), redacting credentials. */
export function createLogger(serviceName?: string): HoardwatchLogger {
  const redactor = new Redactor();
  const logger = new Logger({ logFormatter: new RedactingLogFormatter(redactor), ...(serviceName ? { serviceName } : {}) });
  return {
    logger,
    redactor,
    addSecrets: (values) => {
      for (const v of values) redactor.addSecret(v);
    },
  };
}
