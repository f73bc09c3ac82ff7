#!/usr/bin/env node
// CDK app entry (cdk.json "app"): `npx cdk synth` works offline with no AWS credentials.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HoardwatchStack } from '../lib/infra/hoardwatch-stack.ts';
import { loadAppInputs } from '../lib/infra/load-app-inputs.ts';

const app = new App();
const { settings, config } = loadAppInputs({
  settingsFile: app.node.tryGetContext('settingsFile'),
  hoardwatch: app.node.tryGetContext('hoardwatch'),
});
new HoardwatchStack(app, settings.stackName, {
  settings,
  config,
  // Without credentials synth stays environment-agnostic; deploy resolves account/region from the CLI profile.
  ...(settings.account && settings.region ? { env: { account: settings.account, region: settings.region } } : {}),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
