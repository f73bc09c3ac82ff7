import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { listLabel } from '../text.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector, DetectorEnv } from './types.ts';

const ID = 'chat.sensitive-files';
const FILE_ACTIONS = new Set(['file_upload', 'file_download', 'file_sync_download', 'file_share']);
const patterns = new WeakMap<DetectorEnv, RegExp>();
/** The configured sensitive-name pattern (chat.sensitive-files.pattern), compiled once per run. */
export const sensitivePattern = (env: DetectorEnv): RegExp => {
  let re = patterns.get(env);
  if (!re) {
    re = new RegExp(env.config.detectors[ID].pattern, 'i');
    patterns.set(env, re);
  }
  return re;
};

/** T1213.005: uploads/downloads/shares of files whose names suggest secrets (password, credential, .kdbx, .pem…). */
export const chatSensitiveFiles: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    if (!FILE_ACTIONS.has(e.action)) return;
    const name = e.object?.name ?? e.object?.id;
    if (name && sensitivePattern(env).test(name)) pb.addPoint(ID, e, { object: name });
  },
  evaluateDay(ctx) {
    if (!ctx.env.config.detectors[ID].enabled) return [];
    return hourlyPointSignals(ctx, ID, 'T1213.005', (points) => {
      const files = [...new Set(points.map((x) => x.facts.object as string))];
      return {
        kind: 'volume', weight: 30 + Math.min(30, 5 * (files.length - 1)), highConfidence: false,
        title: `${files.length} sensitive-looking file(s) moved: ${listLabel(files, 3, '', ', ')}`,
        value: files.length, baseline: null, z: null,
      };
    });
  },
};
