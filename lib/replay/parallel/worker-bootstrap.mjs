// Runs the TypeScript detect worker in a thread of a process started through tsx (bin/hoardwatch.js, vitest): the
// loader registered on the main thread does not reach worker threads. Bundled builds start their own worker file.
import { register } from 'tsx/esm/api';

register();
await import('./detect-worker.ts');
