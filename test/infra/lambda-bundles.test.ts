import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/infra/hoardwatch-function.ts';

const out = mkdtempSync(join(tmpdir(), 'hw-bundles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// The stack bundles with these esbuild options (lib/infra/hoardwatch-function.ts); a bundle that cannot even be
// imported would only fail at deploy time, so build and import each handler here.
it.each([
  ['collect-salesforce', ['handler']],
  ['collect-m365', ['handler']],
  ['collect-slack', ['handler']],
  ['collect-google-workspace', ['handler']],
  ['collect-okta', ['handler']],
  ['detect', ['handler', 'backfillHandler']],
  ['backfill-plan', ['handler']],
])('lambdas/%s.ts bundles as ESM and exports its handlers', async (name, exports) => {
  const outfile = join(out, `${name}.mjs`);
  await build({
    entryPoints: [join(REPO_ROOT, 'lambdas', `${name}.ts`)],
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  const mod = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
  for (const e of exports) expect(typeof mod[e]).toBe('function');
}, 60_000);
