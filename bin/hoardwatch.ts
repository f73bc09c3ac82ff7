import { runCli } from '../lib/cli/main.ts';
import { processIo } from '../lib/cli/command.ts';

// Exit via exitCode, not process.exit(), so pending stdout writes (a pipe into jq, say) are flushed first.
process.exitCode = await runCli(process.argv.slice(2), processIo());
