// Preloaded into a child `node --import` run: writes the process's peak RSS (bytes) to $HW_PEAK_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.HW_PEAK_RSS_FILE;
  // resourceUsage().maxRSS is in kilobytes.
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
