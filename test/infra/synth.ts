import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type ConfigInput } from '../../lib/core/config.ts';
import { parseDeploySettings } from '../../lib/infra/deploy-settings.ts';
import { HoardwatchStack } from '../../lib/infra/hoardwatch-stack.ts';

export interface Synthesized {
  app: App;
  stack: HoardwatchStack;
  template: Template;
  outdir: string;
}

const outdirs: string[] = [];
/** Removes the cloud assemblies of this file's synths (call from afterAll). */
export const cleanOutdirs = (): void => outdirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));

/**
 * Builds the stack without bundling (bundling is exercised by `cdk synth` and lambda-bundles.test.ts), with cdk-nag
 * AwsSolutions on; `app.synth()` throws on an unacknowledged finding or a failed validation. `before` may change the
 * stack before synth.
 */
export function synthStack(opts: { settings?: Record<string, unknown>; config?: ConfigInput; before?: (stack: HoardwatchStack) => void } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'hw-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new HoardwatchStack(app, 'Hoardwatch', {
    settings: parseDeploySettings({ alertEmails: ['soc@example.com'], tier2Emails: ['t2@example.com'], opsEmails: ['ops@example.com'], ...opts.settings }),
    config: parseConfig(opts.config ?? {}),
  });
  opts.before?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir };
}

/** A CloudFormation value with its intrinsics replaced by `<Ref>` / `<Logical.Attr>` markers (to read joined strings). */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (fn === 'Fn::Join') return (args as [string, unknown[]])[1].map(flatten).join((args as [string])[0]);
    if (fn === 'Ref') return `<${String(args)}>`;
    if (fn === 'Fn::GetAtt') return `<${(args as string[]).join('.')}>`;
  }
  return JSON.stringify(value);
}
