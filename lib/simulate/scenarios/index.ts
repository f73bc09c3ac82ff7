import type { Scenario } from './types.ts';
import { crmNightExport } from './crm-night-export.ts';
import { m365MassDownload } from './m365-mass-download.ts';
import { slackMassDownload } from './slack-mass-download.ts';
import { slackLookalikeConnect } from './slack-lookalike-connect.ts';
import { teamsLookalikeGuest } from './teams-lookalike-guest.ts';
import { benignPartnerConnect } from './benign-partner-connect.ts';
import { benignReport800 } from './benign-report-800.ts';
import { benignAnalystDownloads } from './benign-analyst-downloads.ts';
import { benignEdiscoveryExport } from './benign-ediscovery-export.ts';

/**
 * Every labelled scenario, attacks then benign cases. To add one: write a module exporting a `Scenario` and list it
 * here; its PRNG stream is forked from its id, so the rest of the output does not change.
 */
export const SCENARIOS: readonly Scenario[] = [
  crmNightExport,
  m365MassDownload,
  slackMassDownload,
  slackLookalikeConnect,
  teamsLookalikeGuest,
  benignPartnerConnect,
  benignReport800,
  benignAnalystDownloads,
  benignEdiscoveryExport,
];

export type { Scenario, ScenarioContext } from './types.ts';
