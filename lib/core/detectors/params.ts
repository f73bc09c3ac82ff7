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
    syncMinFiles: z.number().int().positive().default(250),
    syncLargeFiles: z.number().int().positive().default(1000),
  }).prefault({}),
  'recon.lookalike-partner': z.strictObject({
    enabled: z.boolean().default(true),
    maxEditDistance: z.number().int().min(0).max(4).default(2),
  }).prefault({}),
  'crm.report-export': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minExportsPerDay: z.number().int().positive().default(5),
  }).prefault({}),
  'crm.object-breadth': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minObjectsPerHour: z.number().int().positive().default(5),
    coldStartObjectsPerHour: z.number().int().positive().default(10),
  }).prefault({}),
  'crm.count-probing': z.strictObject({
    enabled: z.boolean().default(true),
    minObjects: z.number().int().positive().default(5),
    windowMinutes: z.number().int().positive().default(10),
    maxRows: z.number().int().nonnegative().default(1),
  }).prefault({}),
  'crm.programmatic-client': z.strictObject({
    enabled: z.boolean().default(true),
    heavyRows: z.number().int().positive().default(10_000),
  }).prefault({}),
  'crm.vendor-anomaly': z.strictObject({
    enabled: z.boolean().default(true),
    highScore: z.number().min(0).max(100).default(80),
    mediumScore: z.number().min(0).max(100).default(40),
  }).prefault({}),
  'crm.honeytoken': z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  'chat.bulk-export': z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  'chat.public-link': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minLinksPerDay: z.number().int().positive().default(5),
  }).prefault({}),
  'chat.sensitive-files': z.strictObject({
    enabled: z.boolean().default(true),
    pattern: z.string().default('password|passwd|secret|confidential|credential|api[-_ ]?keys?|token|id_rsa|\\.env$|\\.kdbx$|\\.pem$|\\.pfx$|\\.p12$|\\.key$'),
  }).prefault({}),
  'chat.channel-discovery': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minChannels: z.number().int().positive().default(3),
    windowMinutes: z.number().int().positive().default(10),
    minChannelsPerDay: z.number().int().positive().default(10),
  }).prefault({}),
  'chat.app-scope': z.strictObject({
    enabled: z.boolean().default(true),
    burstInstalls: z.number().int().positive().default(5),
    burstMinutes: z.number().int().positive().default(30),
    readScopes: z.array(z.string()).default([
      'channels:history', 'groups:history', 'im:history', 'mpim:history', 'files:read', 'search:read', 'admin', 'users:read.email',
      // Google OAuth scopes that read all of a user's mail, files or chats.
      'https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/drive',
      'https://www.googleapis.com/auth/drive.readonly', 'https://www.googleapis.com/auth/chat.messages.readonly',
      'https://www.googleapis.com/auth/chat.messages',
    ]),
  }).prefault({}),
  'chat.vendor-anomaly': z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  'chat.mail-items': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minItemsPerHour: z.number().int().positive().default(250),
    coldStartItemsPerHour: z.number().int().positive().default(1000),
    largeItems: z.number().int().positive().default(5000),
  }).prefault({}),
  'chat.guardrail-change': z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  'recon.partner-objects': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    // Above ordinary hourly reading; z ≥ 3 and "above the busiest day on record" do the rest.
    minRecordsPerHour: z.number().int().positive().default(500),
    objects: z.array(z.string()).default(['account', 'partner', 'accountpartner', 'opportunitypartner', 'contract', 'competitor', 'opportunity', 'opportunitycompetitor']),
  }).prefault({}),
  'recon.new-external-org': z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  'recon.third-party-spike': z.strictObject({
    enabled: z.boolean().default(true),
    z: z.number().positive().default(3),
    minNewOrgsPerDay: z.number().int().positive().default(3),
  }).prefault({}),
  'recon.temporary-external': z.strictObject({
    enabled: z.boolean().default(true),
    withinMinutes: z.number().int().positive().default(60),
  }).prefault({}),
});
export type DetectorParams = z.infer<typeof detectorParamsSchema>;
