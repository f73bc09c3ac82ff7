import type { RemoteSourceResolver } from '../replay/discover-inputs.ts';
import { InputError } from '../replay/discover-inputs.ts';
import { s3BatchSourceFromUri } from '../adapters/batches/s3-batch-source.ts';

/** Opens `s3://bucket/prefix` inputs as a BatchSource (credentials and region from the usual AWS environment). */
export const remoteSources: RemoteSourceResolver = async (uri) => {
  if (!uri.startsWith('s3://')) throw new InputError(`${uri}: only local paths and s3:// URIs can be replayed`);
  return s3BatchSourceFromUri(uri);
};
