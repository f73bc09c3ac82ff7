import type { SfReport } from '../catalogue.ts';
import { Prng } from '../prng.ts';
import { sfId15, toId18 } from '../salesforce-id.ts';

const id15 = sfId15(new Prng('hoardwatch-decoy-report-v1'), '00O');

/**
 * A decoy report nobody has reason to open (crm.honeytoken): its 18-char id is listed in samples/demo-config.json
 * `honeytokens`. Fixed whatever the seed, like a real decoy planted once.
 */
export const DECOY_REPORT: SfReport = {
  id15,
  id18: toId18(id15),
  name: 'Board Pricing Exceptions FY27 (restricted)',
  entity: 'Opportunity',
  columns: ['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'AMOUNT', 'DISCOUNT', 'APPROVER'],
};
