import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBatchSink } from '../../../lib/adapters/batches/fs-batch-sink.ts';
import { FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { FileDedupeBackend } from '../../../lib/adapters/dedupe/file-dedupe-backend.ts';
import { createM365Collector } from '../../../lib/sources/m365/index.ts';
import type { RunContext } from '../../../lib/sources/run/collector.ts';
import { createSalesforceCollector } from '../../../lib/sources/salesforce/index.ts';
import { collectorFromEnv as slackFromEnv } from '../../../lib/sources/slack/index.ts';
import { auditRecord, FakeM365Server } from '../../support/fake-m365-server.ts';
import { FakeSalesforceServer, elfRow } from '../../support/fake-salesforce-server.ts';
import { slackEntry, startFakeSlackServer } from '../../support/fake-slack-server.ts';
import { readAllIds } from '../../support/read-batches.ts';

/** The 12-character id digests older cursors kept inline. */
const oldDigest = (id: string): string => createHash('sha256').update(id).digest('base64url').slice(0, 12);
const H = 3_600_000;
const T0 = Date.parse('2026-11-22T03:00:00Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-upgrade-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A state file as the collectors before the dedupe buckets left it. */
async function oldCheckpoint(source: string, cursor: unknown): Promise<RunContext> {
  const checkpoints = new FileCheckpointStore(join(dir, 'state.json'));
  await checkpoints.put(source, { cursor }, 0);
  return { sink: new FsBatchSink(join(dir, 'out')), checkpoints, dedupe: FileDedupeBackend.besideStateFile(join(dir, 'state.json'), source), clock: { now: () => T0 } };
}

const storedCursor = async (source: string) => JSON.stringify((await new FileCheckpointStore(join(dir, 'state.json')).get<{ cursor: unknown }>(source))?.cursor.cursor);

describe('the first run after an upgrade carries the ids an older cursor kept into the dedupe buckets', () => {
  it('slack: the boundary ids of the old cursor are not written again by the longer overlap', async () => {
    const server = await startFakeSlackServer({ token: 'xoxp-upgrade-token-1' });
    try {
      const s0 = T0 / 1000;
      server.add(slackEntry('old-1', s0 - 1200), slackEntry('old-2', s0 - 600), slackEntry('new-1', s0 - 60));
      // The old collector wrote old-1 and old-2 and kept them as its boundary (within watermark − 15 min).
      const ctx = await oldCheckpoint('slack', { watermark: s0 - 600, seen: { 'old-1': s0 - 1200, 'old-2': s0 - 600 } });
      const c = slackFromEnv({ SLACK_TOKEN: 'xoxp-upgrade-token-1', SLACK_API_BASE_URL: server.url, SLACK_OVERLAP_SECONDS: '900' }, { clock: ctx.clock! });
      const r = await c.runOnce(ctx);
      expect((await readAllIds(join(dir, 'out'))).sort()).toEqual(['new-1']);
      expect(r.duplicatesDropped).toBe(2);
      expect(await storedCursor('slack')).not.toContain('seen');
    } finally {
      await server.close();
    }
  });

  it('m365: blobs the old cursor wrote are not fetched again, and its record Ids are not written again', async () => {
    const server = new FakeM365Server({ tenantId: 't-1', clientId: 'c-1', clientSecret: 'secret-value-1', now: () => new Date(T0) });
    await server.start();
    try {
      server.subscriptions.set('Audit.SharePoint', 'enabled');
      const rec = (id: string, created: number) => auditRecord(id, new Date(created - 50 * 60_000));
      server.addBlob({ contentType: 'Audit.SharePoint', contentId: 'done-blob', contentCreated: new Date(T0 - 3 * H), records: [rec('r-1', T0 - 3 * H)] });
      server.addBlob({ contentType: 'Audit.SharePoint', contentId: 'new-blob', contentCreated: new Date(T0 - H), records: [rec('r-1', T0 - 3 * H), rec('r-2', T0 - H)] });
      const ctx = await oldCheckpoint('m365', { v: 1, streams: { 'Audit.SharePoint': {
        listedUntil: new Date(T0 - 2 * H).toISOString(), blobs: { 'done-blob': T0 - 3 * H }, records: [[T0 - 3 * H, oldDigest('r-1')]],
      } } });
      const c = createM365Collector({ tenantId: 't-1', clientId: 'c-1', clientSecret: 'secret-value-1', loginBaseUrl: server.loginBaseUrl, apiBaseUrl: server.apiBaseUrl, contentTypes: ['Audit.SharePoint'] }, { clock: ctx.clock!, sleep: async () => undefined });
      await c.runOnce(ctx);
      expect((await readAllIds(join(dir, 'out'))).sort()).toEqual(['r-2']);
      expect(server.blobGets.has('done-blob')).toBe(false);
      expect(await storedCursor('m365')).not.toMatch(/blobs|records/);
    } finally {
      await server.stop();
    }
  });

  it('salesforce: files and RTEM ids the old cursor wrote are not written again', async () => {
    const server = new FakeSalesforceServer({ clientId: 'c-1', clientSecret: 'secret-value-1', now: () => new Date(T0) });
    await server.start();
    try {
      server.addLogFile({ id: '0AT000000000001AAA', eventType: 'API', interval: 'Hourly', logDate: new Date(T0 - 8 * H), createdDate: new Date(T0 - 4 * H), rows: [elfRow('API', new Date(T0 - 8 * H))] });
      server.addEvent({ object: 'ApiEvent', eventIdentifier: 'ev-old', eventDate: new Date(T0 - 70 * 60_000) });
      server.addEvent({ object: 'ApiEvent', eventIdentifier: 'ev-new', eventDate: new Date(T0 - 50 * 60_000) });
      const minute = Math.floor((T0 - 70 * 60_000) / 60_000) * 60_000;
      const ctx = await oldCheckpoint('salesforce', {
        v: 1,
        elf: { last: { createdDate: T0 - 4 * H, id: '0AT000000000001AAA' }, files: { '0AT000000000001AAA': T0 - 4 * H } },
        rtem: { ApiEvent: { until: T0 - 60 * 60_000, seen: [[minute, oldDigest('ev-old')]] } },
      });
      const c = createSalesforceCollector({ loginUrl: server.baseUrl, auth: { kind: 'client_credentials', clientId: 'c-1', clientSecret: 'secret-value-1' }, elf: { eventTypes: ['API'] }, rtem: { objects: ['ApiEvent'] } }, { clock: ctx.clock!, sleep: async () => undefined });
      await c.runOnce(ctx);
      expect((await readAllIds(join(dir, 'out'))).sort()).toEqual(['ev-new']);
      expect(server.logFileGets.size).toBe(0);
      expect(await storedCursor('salesforce')).not.toMatch(/files|seen/);
    } finally {
      await server.stop();
    }
  });
});
