import { chatAppScope } from './chat-app-scope.ts';
import { chatBulkExport } from './chat-bulk-export.ts';
import { chatChannelDiscovery } from './chat-channel-discovery.ts';
import { chatFileDownloadVolume } from './chat-file-download-volume.ts';
import { chatGuardrailChange } from './chat-guardrail-change.ts';
import { chatMailItems } from './chat-mail-items.ts';
import { chatPublicLink } from './chat-public-link.ts';
import { chatSensitiveFiles } from './chat-sensitive-files.ts';
import { chatVendorAnomaly } from './chat-vendor-anomaly.ts';
import { crmCountProbing } from './crm-count-probing.ts';
import { crmExportVolume } from './crm-export-volume.ts';
import { crmHoneytoken } from './crm-honeytoken.ts';
import { crmObjectBreadth } from './crm-object-breadth.ts';
import { crmProgrammaticClient } from './crm-programmatic-client.ts';
import { crmReportExport } from './crm-report-export.ts';
import { crmVendorAnomaly } from './crm-vendor-anomaly.ts';
import { reconLookalikePartner } from './recon-lookalike-partner.ts';
import { reconNewExternalOrg } from './recon-new-external-org.ts';
import { reconPartnerObjects } from './recon-partner-objects.ts';
import { reconTemporaryExternal } from './recon-temporary-external.ts';
import { reconThirdPartySpike } from './recon-third-party-spike.ts';
import type { Detector } from './types.ts';

/** Every detector of detections.md, in evaluation order (ids appear in alerts' `detector`). */
export const DETECTORS: readonly Detector[] = [
  crmExportVolume, crmReportExport, crmObjectBreadth, crmCountProbing, crmProgrammaticClient, crmVendorAnomaly, crmHoneytoken,
  chatFileDownloadVolume, chatBulkExport, chatPublicLink, chatSensitiveFiles, chatChannelDiscovery, chatAppScope,
  chatVendorAnomaly, chatMailItems, chatGuardrailChange,
  reconPartnerObjects, reconLookalikePartner, reconNewExternalOrg, reconThirdPartySpike, reconTemporaryExternal,
];
