/**
 * The `respun` executable (built to `dist/cli.cjs`). Running it runs the CLI; it does
 * nothing else. The program itself lives in `./program`; `scan --workers` threads run
 * findRewrites' own worker script (`dist/worker.cjs`).
 */
import { nodeIo, runCli } from './program';

void runCli(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
