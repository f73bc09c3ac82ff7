import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import type { SourceMapping } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) this summary reads. */
const CpuProfileSchema = z.object({
  nodes: z.array(z.object({
    id: z.number(),
    callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
    children: z.array(z.number()).optional(),
    /** Samples per source line (1-based, in the profiled script) of this function's own code. */
    positionTicks: z.array(z.object({ line: z.number(), ticks: z.number() })).optional(),
  })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type CallFrame = z.infer<typeof CpuProfileSchema>['nodes'][number]['callFrame'];

/** esbuild's source map, with the fields node:module's SourceMap wants. */
const SourceMapSchema = z.object({
  file: z.string().default(''),
  version: z.number(),
  sources: z.array(z.string()),
  sourcesContent: z.array(z.string()).default([]),
  names: z.array(z.string()).default([]),
  mappings: z.string(),
  sourceRoot: z.string().default(''),
});

export interface HotSpot {
  /** `function (file:line)`: the original source line when the profiled script has a source map beside it. */
  where: string;
  selfMs: number;
  selfShare: number;
  /** Time in this function and everything it called. */
  totalMs: number;
}

/** Reads frames back to original files and lines through `<script>.map` files (esbuild's external source maps). */
class FrameNamer {
  private readonly maps = new Map<string, { map: SourceMap; dir: string } | null>();
  private readonly names = new Map<string, string>();

  constructor(private readonly root: string) {}

  async load(urls: Iterable<string>): Promise<void> {
    for (const url of urls) {
      if (this.maps.has(url) || !url.startsWith('file://')) continue;
      const mapPath = `${fileURLToPath(url)}.map`;
      if (!existsSync(mapPath)) {
        this.maps.set(url, null);
        continue;
      }
      const payload = SourceMapSchema.parse(JSON.parse(await readFile(mapPath, 'utf8')));
      this.maps.set(url, { map: new SourceMap(payload), dir: dirname(mapPath) });
    }
  }

  /** `file:line` of a 1-based line of the profiled script, in original sources where mapped. */
  line(url: string, line: number): string {
    const mapped = this.maps.get(url);
    // The last mapping on the generated line: findEntry(line, 0) would fall back to the previous line.
    const entry: Partial<SourceMapping> = mapped ? mapped.map.findEntry(line - 1, 1_000_000) : {};
    if (mapped && entry.originalSource !== undefined && entry.originalLine !== undefined && entry.generatedLine === line - 1) {
      return `${relative(this.root, resolve(mapped.dir, entry.originalSource))}:${entry.originalLine + 1}`;
    }
    return `${url.startsWith('file://') ? relative(this.root, fileURLToPath(url)) : url || 'native'}:${line}`;
  }

  name(f: CallFrame): string {
    const cacheKey = `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`;
    let out = this.names.get(cacheKey);
    if (out !== undefined) return out;
    const fn = f.functionName || '(anonymous)';
    if (!f.url) out = `${fn} (native)`;
    else {
      const mapped = this.maps.get(f.url);
      const entry: Partial<SourceMapping> = mapped && f.lineNumber >= 0 ? mapped.map.findEntry(f.lineNumber, Math.max(0, f.columnNumber)) : {};
      if (mapped && entry.originalSource !== undefined && entry.originalLine !== undefined) {
        const file = relative(this.root, resolve(mapped.dir, entry.originalSource));
        out = `${fn} (${file}:${entry.originalLine + 1})`;
      } else {
        const file = f.url.startsWith('file://') ? relative(this.root, fileURLToPath(f.url)) : f.url;
        out = `${fn} (${file}:${f.lineNumber + 1})`;
      }
    }
    this.names.set(cacheKey, out);
    return out;
  }
}

export interface FileTime {
  /** Source file (node_modules packages by package), or `native` for GC, idle and builtins. */
  file: string;
  selfMs: number;
  selfShare: number;
}

export interface LineTime {
  /** `file:line` in the original sources. */
  line: string;
  selfMs: number;
  selfShare: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: HotSpot[];
  files: FileTime[];
  /** Self time per source line, from V8's per-line ticks: the concrete hot spots. */
  lines: LineTime[];
}

/** `foo (lib/x.ts:12)` → `lib/x.ts`; node_modules collapse to their package. */
function fileOf(where: string): string {
  const m = /\(([^()]*?)(?::\d+)?\)$/.exec(where);
  const file = m?.[1] ?? 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return pkg ? `node_modules/${pkg[1]}` : file;
}

/** Self and total time per function (original file:line where a source map says), largest self time first. */
export async function summarizeCpuProfile(path: string, root: string, top = 25): Promise<ProfileSummary> {
  const profile = CpuProfileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  const namer = new FrameNamer(root);
  await namer.load(new Set(profile.nodes.map((n) => n.callFrame.url)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    all += dt;
    const node = byId.get(id);
    if (!node) return;
    const name = namer.name(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + dt);
    // Each function counts once per sample, even when recursive.
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (n) onStack.add(namer.name(n.callFrame));
    }
    for (const f of onStack) total.set(f, (total.get(f) ?? 0) + dt);
  });
  const share = (ms: number): number => (all > 0 ? ms / all : 0);
  // Ticks → ms with the mean sampling interval.
  const msPerTick = profile.samples.length > 0 ? all / profile.samples.length : 0;
  const byLine = new Map<string, number>();
  for (const n of profile.nodes) {
    for (const t of n.positionTicks ?? []) {
      const key = namer.line(n.callFrame.url, t.line);
      byLine.set(key, (byLine.get(key) ?? 0) + t.ticks * msPerTick);
    }
  }
  const lines = [...byLine.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([line, ms]) => ({ line, selfMs: Math.round(ms), selfShare: share(ms) }));
  const functions = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => ({ where, selfMs: Math.round(ms), selfShare: share(ms), totalMs: Math.round(total.get(where) ?? 0) }));
  const byFile = new Map<string, number>();
  for (const [where, ms] of self) byFile.set(fileOf(where), (byFile.get(fileOf(where)) ?? 0) + ms);
  const files = [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([file, ms]) => ({ file, selfMs: Math.round(ms), selfShare: share(ms) }));
  return { totalMs: Math.round(all), functions, files, lines };
}
