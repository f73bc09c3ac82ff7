import { defaultClassify, type Classifier } from '../http/classify.ts';

/** AF codes that mean our setup is wrong (permissions, tenant, content type, parameters): fail the run. */
const CONFIG_CODES = new Set(['AF10001', 'AF20001', 'AF20002', 'AF20003', 'AF20010', 'AF20011', 'AF20012', 'AF20013', 'AF20020', 'AF20030', 'AF20055']);
/** Codes the pull loop handles itself (start subscription, skip blob, re-list): surfaced as errors carrying the code. */
const HANDLED_CODES = new Set(['AF20022', 'AF20023', 'AF20024', 'AF20031', 'AF20050', 'AF20051', 'AF20052']);

/**
 * Management Activity API verdicts (api-contracts.md §2.5). AF429 throttles as HTTP 429 *or* 403; AF10001 can come as
 * 401, which must not be mistaken for an expired token; "Tenant … does not exist" means unified audit is off.
 */
export const classifyM365: Classifier = (status, info) => {
  const code = info.code ?? '';
  if (code === 'AF429' || status === 429) return 'throttled';
  if (CONFIG_CODES.has(code)) return 'config';
  if (/Tenant .* does not exist/i.test(info.message ?? '')) return 'config';
  if (HANDLED_CODES.has(code)) return 'fatal';
  if (code.startsWith('AF5')) return 'transient';
  if (status === 503 || status === 408) return 'transient';
  return defaultClassify(status, info);
};

/** The Entra token endpoint: bad client id/secret is an auth failure, an unknown tenant a configuration error. */
export const classifyEntraToken: Classifier = (status, info) => {
  const code = info.code ?? '';
  if (status === 429) return 'throttled';
  if (status >= 500 || status === 408) return 'transient';
  if (status === 401 || code === 'invalid_client' || code === 'unauthorized_client') return 'auth';
  return 'config';
};
