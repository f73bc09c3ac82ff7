import { z } from 'zod';

/**
 * Parameters of every detector, with detections.md defaults. Each detector reads `config.detectors[<id>]`.
 * Kept in one schema so the config file rejects unknown detector ids and unknown parameters.
 */
export const detectorParamsSchema = z.strictObject({
  'crm.export-volume': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minRowsPerHour: z.number().int().positive().default(1000),
    minRowsPerDay: z.number().int().positive().default(10_000),
    coldStartRowsPerDay: z.number().int().positive().default(10_000),
    largeRows: z.number().int().positive().default(50_000),
  }).prefault({}),
  'chat.file-download-volume': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    m365MinFiles: z.number().int().positive().default(25),
    m365WindowMinutes: z.number().int().positive().default(15),
    slackMinFiles: z.number().int().positive().default(10),
    slackWindowMinutes: z.number().int().positive().default(30),
    largeFiles: z.number().int().positive().default(100),
  }).prefault({}),
  'recon.lookalike-partner': z.strictObject({
    enabled: z.boolean().default(true),
    maxEditDistance: z.number().int().min(0).max(4).default(2),
  }).prefault({}),
});
export type DetectorParams = z.infer<typeof detectorParamsSchema>;
