import type { HttpClient } from '../http/http-client.ts';
import { VendorConfigError } from '../http/errors.ts';
import type { PullContext, PullLoop, PullStep } from '../run/collector.ts';
import { pageRecords } from './activity-records.ts';
import { GoogleWorkspaceCursorSchema, type GoogleWorkspaceCursor, type GwAppCursor } from './cursor.ts';
import type { GoogleWorkspaceSettings } from './settings.ts';
import { ActivitiesPageSchema, type ActivitiesPage } from './wire.ts';

/** The Reports API keeps 180 days of activities; a start older than that is rejected. */
const RETENTION_MS = 180 * 24 * 3600_000;
const RETENTION_MARGIN_MS = 10 * 60_000;

export interface GwPullDeps {
  http: HttpClient;
  /** Every HTTP client whose retries count for the summary (API and token endpoint). */
  clients: HttpClient[];
  /** First-run start (epoch ms). */
  sinceMs: number;
}

/**
 * One pass per application per run over `activities.list` (`userKey=all`): the window `[through − lag, now]` is fixed
 * for the pass and read page by page (`pageToken`); each page is one step, checkpointed once durable. Activities that
 * Google lists late fall into the next pass's re-read, and the runner drops every id the source already wrote, so a
 * re-read costs calls, never duplicates. A pass cut short by the run budget resumes from its stored page token; a
 * token the API no longer accepts restarts the pass.
 */
export class GoogleWorkspacePullLoop implements PullLoop<GoogleWorkspaceCursor> {
  readonly source = 'google-workspace' as const;
  readonly cursorSchema = GoogleWorkspaceCursorSchema;

  constructor(private readonly s: GoogleWorkspaceSettings, private readonly d: GwPullDeps) {}

  retries(): number {
    return this.d.clients.reduce((n, c) => n + c.stats.retries, 0);
  }

  describeCursor(c: GoogleWorkspaceCursor | null): string {
    if (!c) return 'none';
    return this.s.applications.map((a) => {
      const app = c.apps[a];
      const t = app?.through === undefined ? 'none' : new Date(app.through).toISOString();
      return `${a}=${t}${app?.pass ? '(pass in progress)' : ''}`;
    }).join(' ');
  }

  /** Read completely up to the oldest application's last pass. */
  readThrough(c: GoogleWorkspaceCursor | null): number | undefined {
    if (!c) return undefined;
    let min: number | undefined;
    for (const a of this.s.applications) {
      const t = c.apps[a]?.through;
      if (t === undefined) return undefined;
      min = min === undefined ? t : Math.min(min, t);
    }
    return min;
  }

  async *pull(cursor: GoogleWorkspaceCursor | null, ctx: PullContext): AsyncGenerator<PullStep<GoogleWorkspaceCursor>> {
    const apps: Record<string, GwAppCursor> = { ...(cursor?.apps ?? {}) };
    const snapshot = (): GoogleWorkspaceCursor => ({ v: 1, apps: { ...apps } });
    const lagMs = this.s.lagMinutes * 60_000;
    for (const application of this.s.applications) {
      const prev = apps[application] ?? {};
      const now = ctx.now();
      const oldest = now - RETENTION_MS + RETENTION_MARGIN_MS;
      let start = prev.pass?.start ?? (prev.through === undefined ? this.d.sinceMs : prev.through - lagMs);
      if (start < oldest) {
        ctx.log(`google-workspace: ${application} start ${new Date(start).toISOString()} is past the API's 180 days; reading from ${new Date(oldest).toISOString()}`);
        start = oldest;
      }
      const end = prev.pass?.end ?? now;
      let page = prev.pass?.page;
      if (end <= start) continue;
      for (;;) {
        if (ctx.shouldStop()) return;
        let res: ActivitiesPage;
        try {
          res = await this.#list(application, start, end, page);
        } catch (err) {
          if (err instanceof VendorConfigError && err.status === 400 && page !== undefined) {
            // A stored page token went stale between runs: read the window again; the dedupe drops what was written.
            ctx.log(`google-workspace: ${application} page token rejected; reading the window again`);
            page = undefined;
            continue;
          }
          throw err;
        }
        const items = res.items ?? [];
        const { envelopes, eventTimes } = pageRecords(application, items, new Date(ctx.now()).toISOString());
        const next = res.nextPageToken;
        apps[application] = next
          ? { ...(prev.through !== undefined ? { through: prev.through } : {}), pass: { start, end, page: next } }
          : { through: end };
        yield { stream: application, envelopes, eventTimes, cursor: snapshot(), pages: 1, records: items.length };
        if (!next) break;
        page = next;
      }
    }
  }

  #list(application: string, start: number, end: number, page: string | undefined): Promise<ActivitiesPage> {
    const url = new URL(`${this.s.apiBaseUrl}/admin/reports/v1/activity/users/all/applications/${encodeURIComponent(application)}`);
    url.searchParams.set('startTime', new Date(start).toISOString());
    url.searchParams.set('endTime', new Date(end).toISOString());
    url.searchParams.set('maxResults', String(this.s.maxResults));
    if (this.s.customerId) url.searchParams.set('customerId', this.s.customerId);
    if (page !== undefined) url.searchParams.set('pageToken', page);
    return this.d.http.getJson(url, ActivitiesPageSchema);
  }
}
