import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { ev, weekdaysBefore } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

const D = 'chat.file-download-volume';
const download = (at: string, actor: string, file: string, over: Partial<NormalizedEvent> = {}) =>
  ev(at, { source: 'm365', app: 'sharepoint', action: 'file_download', actor: { id: actor }, object: { type: 'file', id: `https://t.sharepoint.com/${file}`, name: file }, src: { ip: '198.51.100.20' }, ...over });
const slackDownload = (at: string, actor: string, file: string) =>
  ev(at, { source: 'slack', app: 'slack', action: 'file_download', actor: { id: actor }, object: { type: 'file', id: file, name: `${file}.pdf` }, src: { ip: '198.51.100.21' } });
const minute = (base: string, m: number) => new Date(Date.parse(base) + m * 60_000).toISOString();

export const chatFileDownloadVolumeCases: DetectorCase[] = [
  {
    name: '60 distinct SharePoint files in 15 minutes from a new IP',
    detector: D,
    config: ORG,
    events: [
      ...weekdaysBefore('2026-11-20', 10).flatMap((d) => [0, 1, 2].map((i) => download(`${d}T10:0${i}:00Z`, 'ana', `daily-${i}.docx`))),
      ...Array.from({ length: 60 }, (_, i) => download(minute('2026-11-20T21:00:00Z', i / 5), 'ana', `secret-${i}.xlsx`, { src: { ip: '203.0.113.50' } })),
    ],
    expect: [{ principal: 'ana', tier: 2, reasons: ['external-unknown-ip'], valueAtLeast: 25 }],
  },
  {
    name: 'many downloads of the same few files are not distinct files',
    detector: D,
    config: ORG,
    events: Array.from({ length: 60 }, (_, i) => download(minute('2026-11-20T10:00:00Z', i / 5), 'ben', `same-${i % 3}.docx`)),
    expect: [],
  },
  {
    name: 'Slack: 12 distinct files in 30 minutes (floor 10) where colleagues download 2 a day',
    detector: D,
    config: ORG,
    events: [
      ...['U1', 'U2', 'U3'].flatMap((u) => weekdaysBefore('2026-11-20', 3).flatMap((d) => [0, 1].map((i) => slackDownload(`${d}T10:0${i}:00Z`, u, `${u}-${d}-${i}`)))),
      ...Array.from({ length: 12 }, (_, i) => slackDownload(minute('2026-11-20T15:00:00Z', i * 2), 'U123', `F${i}`)),
    ],
    expect: [{ principal: 'U123', baseline: 'org' }],
  },
  {
    name: 'Slack: 24 distinct files in 30 minutes with nobody to compare with, from the office in hours: context only',
    detector: D,
    config: ORG,
    events: Array.from({ length: 24 }, (_, i) => slackDownload(minute('2026-11-20T14:00:00Z', i), 'U125', `F${i}`)),
    expect: [],
  },
  {
    name: 'Slack: 8 distinct files in 30 minutes stays under the floor',
    detector: D,
    config: ORG,
    events: Array.from({ length: 8 }, (_, i) => slackDownload(minute('2026-11-20T15:00:00Z', i * 3), 'U124', `F${i}`)),
    expect: [],
  },
  {
    name: 'an analyst who downloads ~40 files an hour every day is within habit',
    detector: D,
    config: ORG,
    events: [
      ...weekdaysBefore('2026-11-20', 10).flatMap((d) => Array.from({ length: 40 }, (_, i) => download(minute(`${d}T09:00:00Z`, i), 'carol', `${d}-${i}.pdf`))),
      ...Array.from({ length: 40 }, (_, i) => download(minute('2026-11-20T09:00:00Z', i), 'carol', `today-${i}.pdf`)),
    ],
    expect: [],
  },
];
