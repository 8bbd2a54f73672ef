import { SingleBar } from 'cli-progress';
import type { Output } from './output';

export interface Progress {
  start(total: number): void;
  update(value: number, total?: number): void;
  stop(): void;
}

const SILENT: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr. On a terminal it redraws in place; elsewhere (a pipe, CI) it prints one line per
 * second instead, so logs show progress without control characters. `--json` shows none.
 */
export function progressBar(output: Output, label: string): Progress {
  if (output.json) return SILENT;
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total}`,
    stream: output.stderr as NodeJS.WritableStream,
    noTTYOutput: true,
    notTTYSchedule: 1000,
    hideCursor: true,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    barsize: 30,
  });
  return {
    start: (total) => bar.start(total, 0),
    update: (value, total) => {
      if (total !== undefined) bar.setTotal(total);
      bar.update(value);
    },
    stop: () => bar.stop(),
  };
}
