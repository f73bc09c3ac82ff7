// DuckDB (the comparison the bench measures against) ships per-platform native bindings; this registry serves only
// Linux ones, so listing it in package.json would break `npm ci` for everyone. The bench installs it on first use,
// pinned, without touching package.json or the lockfile.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const PIN = '@duckdb/node-api@1.5.6-r.1';
try {
  createRequire(import.meta.url).resolve('@duckdb/node-api');
} catch {
  process.stderr.write(`bench: installing ${PIN} (not part of npm ci)…\n`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', PIN], { stdio: 'inherit' });
}
