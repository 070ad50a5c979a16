/**
 * The `respun` executable (built to `dist/cli.cjs`). Running it runs the CLI; it does
 * nothing else. The same file is the entry of `scan --workers` threads, which get a
 * scan job as their `workerData`. The program itself lives in `./program`.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { nodeIo, runCli } from './program';
import { isScanJob, runScanJob } from './workers';

if (isMainThread) {
  void runCli(process.argv.slice(2), { ...nodeIo(), workerScript: __filename }).then((code) => {
    process.exitCode = code;
  });
} else if (isScanJob(workerData)) {
  void runScanJob(workerData);
}
