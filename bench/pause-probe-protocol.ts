/** What the driver and the pause probe process say to each other over Node's IPC channel. */

/** A stretch of time in which the probe's timer, due every 5 ms, did not run: `ms` long, ending at `endedAt` (monotonic ms). */
export interface Pause {
  endedAt: number;
  ms: number;
}

/** The pauses overlapping [from, to], monotonic ms. */
export interface PauseQuery {
  id: number;
  from: number;
  to: number;
}

export type PauseProbeMessage = { type: 'ready' } | { type: 'reply'; id: number; pauses: Pause[] };

/** Pauses of one phase, summed up for the report. */
export interface PauseSummary {
  count: number;
  longestMs: number;
  totalMs: number;
}

export function summarisePauses(pauses: Pause[]): PauseSummary {
  return {
    count: pauses.length,
    longestMs: pauses.reduce((longest, pause) => Math.max(longest, pause.ms), 0),
    totalMs: pauses.reduce((total, pause) => total + pause.ms, 0),
  };
}
