import type { ConfigInput } from '../../../../lib/core/config.ts';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';

/** A detector rule test as data: events in, the alerts of `detector` expected out (none = []). */
export interface DetectorCase {
  name: string;
  detector: string;
  config?: ConfigInput;
  events: NormalizedEvent[];
  /** 'alert' (default): expect alerts of the detector. 'signal': a detector that only signals (alerts via correlation). */
  level?: 'alert' | 'signal';
  expect: {
    principal: string; // actor id
    tier?: 1 | 2;
    reasons?: string[]; // must all be present
    notReasons?: string[]; // must all be absent
    /** `own`, `peers:<group>` or `org` (DESIGN.md §4 `baseline`). */
    baseline?: string;
    severity?: string;
    valueAtLeast?: number;
  }[];
}

export const ORG: ConfigInput = {
  org: { timezone: 'Europe/Berlin', internalDomains: ['example.com'] },
  trustedNetworks: ['198.51.100.0/24'],
  partners: [{ name: 'Acme Logistics', domains: ['acmelogistics.com'] }, { name: 'Globex Supply', domains: ['globex-supply.com'] }],
};
