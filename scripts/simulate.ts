/**
 * Headless simulator: replays a trace through the KV-cache scheduling simulator with
 * the choices the Simulate view offers, prints a summary per policy (or per policy and
 * rate with --sweep-rates), and writes the full report as JSON with --out. The configs
 * come from the same code as the app's (`src/app/simulate/runConfigs.ts`).
 *
 * Usage (from the repository root):
 *   npm run simulate -- --requests public/traces/azure-conv-2023.csv --policy all \
 *     --confusion public/models/minilm-l6-alpaca-s3/model-card.json --arrivals offline --out report.json
 * `npm run simulate -- --help` lists every flag with its unit.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseCliArgs, USAGE, UsageError } from './simulate/args.ts';
import { printReport } from './simulate/print.ts';
import { runCli, type CliReport } from './simulate/report.ts';

export { parseCliArgs, USAGE, UsageError } from './simulate/args.ts';
export { runCli, type CliReport } from './simulate/report.ts';

export interface CliStreams {
  readonly out: (line: string) => void;
  readonly error: (line: string) => void;
}

const CONSOLE: CliStreams = { out: (line) => console.log(line), error: (line) => console.error(line) };

/** Runs the command line `argv` (without the node and script paths) and returns the exit status and the report. */
export function main(argv: readonly string[], streams: CliStreams = CONSOLE): { status: number; report: CliReport | null } {
  try {
    const command = parseCliArgs(argv);
    if (command.kind === 'help') {
      streams.out(USAGE);
      return { status: 0, report: null };
    }
    const report = runCli(command.options);
    printReport(report, streams.out);
    if (command.options.outFile !== null) {
      writeFileSync(command.options.outFile, `${JSON.stringify(report, null, 2)}\n`);
      streams.out(`wrote ${command.options.outFile}`);
    }
    return { status: 0, report };
  } catch (error) {
    if (error instanceof UsageError) {
      streams.error(`simulate: ${error.message}\nRun with --help to list the flags.`);
    } else {
      streams.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { status: 1, report: null };
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2)).status;
}
