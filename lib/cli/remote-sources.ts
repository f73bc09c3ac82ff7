import type { RemoteSourceResolver } from '../replay/discover-inputs.ts';
import { InputError } from '../replay/discover-inputs.ts';

/**
 * Opens `s3://bucket/prefix` inputs. The seam for the S3 BatchSource: discoverInputs lists and reads any
 * BatchSource, so wiring S3 in is this one function.
 */
export const remoteSources: RemoteSourceResolver = async (uri) => {
  if (!uri.startsWith('s3://')) throw new InputError(`${uri}: only local paths and s3:// URIs can be replayed`);
  throw new InputError(`${uri}: s3:// inputs are not wired into this build yet; copy the objects locally (aws s3 sync) and replay the directory`);
};
