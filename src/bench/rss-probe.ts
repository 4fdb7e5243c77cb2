// Preloaded into the benchmarked CLI process (`node --import`): writes the process's peak RSS (KiB) and the
// CPU time it used (user and system, µs) on exit, as JSON.
import { writeFileSync } from 'node:fs';

const file = process.env.SQUADGUARD_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, userCpuUs: usage.userCPUTime, systemCpuUs: usage.systemCPUTime }));
  });
}
