import type { Scenario } from './types.ts';
import { crmNightExport } from './crm-night-export.ts';
import { m365MassDownload } from './m365-mass-download.ts';
import { slackMassDownload } from './slack-mass-download.ts';
import { slackLookalikeConnect } from './slack-lookalike-connect.ts';
import { teamsLookalikeGuest } from './teams-lookalike-guest.ts';
import { crmProbeBulkPull } from './crm-probe-bulk-pull.ts';
import { crmObjectSweep } from './crm-object-sweep.ts';
import { crmCliPull } from './crm-cli-pull.ts';
import { crmAnomalyThenExport } from './crm-anomaly-then-export.ts';
import { crmExportThenAnomaly } from './crm-export-then-anomaly.ts';
import { crmHoneytokenRead } from './crm-honeytoken-read.ts';
import { dynamicsPartnerGraph } from './dynamics-partner-graph.ts';
import { m365MailHarvest } from './m365-mail-harvest.ts';
import { m365AnonymousLinks } from './m365-anonymous-links.ts';
import { m365MessageExports } from './m365-message-exports.ts';
import { m365PartnerSpike } from './m365-partner-spike.ts';
import { teamsTemporaryGuest } from './teams-temporary-guest.ts';
import { slackSecretsSweep } from './slack-secrets-sweep.ts';
import { slackAppScrape } from './slack-app-scrape.ts';
import { slackAnomalyCrawl } from './slack-anomaly-crawl.ts';
import { slackDlpOffExport } from './slack-dlp-off-export.ts';
import { slackAppInstall } from './slack-app-install.ts';
import { slackNewOrgs } from './slack-new-orgs.ts';
import { benignPartnerConnect } from './benign-partner-connect.ts';
import { benignReport800 } from './benign-report-800.ts';
import { benignAnalystDownloads } from './benign-analyst-downloads.ts';
import { benignEdiscoveryExport } from './benign-ediscovery-export.ts';
import { benignEtlServiceAccount } from './benign-etl-service-account.ts';
import { benignDailyPipelineExport } from './benign-daily-pipeline-export.ts';
import { benignTraveller } from './benign-traveller.ts';
import { benignQuarterEnd } from './benign-quarter-end.ts';
import { benignOnedriveVdiSync } from './benign-onedrive-vdi-sync.ts';
import { benignIntegrationPoller } from './benign-integration-poller.ts';
import { benignNewHire } from './benign-new-hire.ts';
import { crmMarketingPartnerRecon } from './crm-marketing-partner-recon.ts';
import { googleDriveExfil } from './google-drive-exfil.ts';
import { benignGooglePartnerShare } from './benign-google-partner-share.ts';
import { chainExportThenLeak } from './chain-export-then-leak.ts';
import { benignWeeklyExportDeck } from './benign-weekly-export-deck.ts';
import { oktaMfaResetCrmExport } from './okta-mfa-reset-crm-export.ts';
import { benignNewFactor } from './benign-new-factor.ts';

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
  crmProbeBulkPull,
  crmObjectSweep,
  crmCliPull,
  crmAnomalyThenExport,
  crmExportThenAnomaly,
  crmHoneytokenRead,
  dynamicsPartnerGraph,
  m365MailHarvest,
  m365AnonymousLinks,
  m365MessageExports,
  m365PartnerSpike,
  teamsTemporaryGuest,
  slackSecretsSweep,
  slackAppScrape,
  slackAnomalyCrawl,
  slackDlpOffExport,
  slackAppInstall,
  slackNewOrgs,
  crmMarketingPartnerRecon,
  googleDriveExfil,
  chainExportThenLeak,
  oktaMfaResetCrmExport,
  benignPartnerConnect,
  benignReport800,
  benignAnalystDownloads,
  benignEdiscoveryExport,
  benignEtlServiceAccount,
  benignDailyPipelineExport,
  benignTraveller,
  benignQuarterEnd,
  benignOnedriveVdiSync,
  benignIntegrationPoller,
  benignNewHire,
  benignGooglePartnerShare,
  benignWeeklyExportDeck,
  benignNewFactor,
];

export type { Scenario, ScenarioContext } from './types.ts';
