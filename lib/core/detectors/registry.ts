import { chatFileDownloadVolume } from './chat-file-download-volume.ts';
import { crmExportVolume } from './crm-export-volume.ts';
import { reconLookalikePartner } from './recon-lookalike-partner.ts';
import type { Detector } from './types.ts';

/** Every detector, in evaluation order. */
export const DETECTORS: readonly Detector[] = [crmExportVolume, chatFileDownloadVolume, reconLookalikePartner];
