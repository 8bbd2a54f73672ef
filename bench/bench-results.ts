import type { ExtraBench } from './extra-benches';
import type { IsolationResult } from './isolation';
import type { LatencyResult, ThroughputResult } from './load-drivers';
import type { MachineInfo } from './machine-info';
import type { PauseSummary } from './pause-probe-protocol';

export type SystemKey = 'ceiling' | 'bullmq' | 'floor' | 'hookstream';

export interface SystemResult {
  key: SystemKey;
  name: string;
  throughput: ThroughputResult;
  latency: LatencyResult;
  /** Peak RSS (VmHWM) per process in MB, read when the system's phases ended. */
  peakRss: Record<string, number>;
  /** Pauses of the whole machine (pause-probe-process.ts) while the steady phase's events were under way. */
  pauses: PauseSummary;
}

export interface IsolationOutcome extends IsolationResult {
  /** Hookstream's services' peak RSS once the isolation phase (100k parked retries included) ended. */
  peakRss: Record<string, number>;
}

/** Everything one run measured, and on what. */
export interface BenchResults {
  startedAt: Date;
  finishedAt: Date;
  command: string;
  settings: string;
  machine: MachineInfo;
  loadAtEnd: string;
  systems: SystemResult[];
  isolation: IsolationOutcome | null;
  fanOutEndpoints: number;
  extras: ExtraBench[];
  /** Peak RSS of the receiver and of the driver (which also runs the ceiling's POST loop and the producers). */
  harnessRss: Record<string, number>;
}
