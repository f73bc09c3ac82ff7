import { Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type Config } from '../core/config.ts';

/** Where a function with the layer finds the config: Lambda extracts layers under /opt. */
export const DETECT_CONFIG_FILE = '/opt/hoardwatch/config.json';

/**
 * The Hoardwatch config (DESIGN.md §5) for the detect functions, as a Lambda layer holding `hoardwatch/config.json`.
 * Not an environment variable: Lambda caps a function's whole environment at 4 KB and a real config is tens of KB.
 * The layer's content hash is its asset hash, so a changed config publishes a new layer version and updates the
 * functions with the deployment; an unchanged one changes nothing. The exact bytes shipped are validated here (synth)
 * and again at cold start (lambdas/runtime/detect-config.ts).
 */
export class DetectConfigLayer extends Construct {
  readonly layer: lambda.LayerVersion;
  readonly sha256: string;
  readonly bytes: number;

  constructor(scope: Construct, id: string, props: { config: Config; runtime: lambda.Runtime; architecture: lambda.Architecture }) {
    super(scope, id);
    const json = JSON.stringify(props.config);
    parseConfig(JSON.parse(json)); // throws ConfigError with every problem by path
    this.sha256 = createHash('sha256').update(json).digest('hex');
    this.bytes = Buffer.byteLength(json);
    // Written beside the cloud assembly (not the source tree); asset staging copies it into the layer asset.
    const outdir = Stage.of(this)?.outdir;
    if (!outdir) throw new Error(`${this.node.path}: the config layer needs an app with an output directory`);
    const dir = join(outdir, 'hoardwatch-config', this.sha256.slice(0, 16));
    mkdirSync(join(dir, 'hoardwatch'), { recursive: true });
    writeFileSync(join(dir, 'hoardwatch', 'config.json'), json);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      code: lambda.Code.fromAsset(dir),
      compatibleRuntimes: [props.runtime],
      compatibleArchitectures: [props.architecture],
      description: `Hoardwatch config for detection (${this.bytes} bytes, sha256 ${this.sha256.slice(0, 16)})`,
    });
  }
}
