import type { Pause } from './pause-probe-protocol';

export interface PauseRecorderOptions {
  /** How often the timer is due. */
  tickMs: number;
  /** How late a tick must be to count as a pause. */
  lateMs: number;
  /** Pauses kept at most: bounds the memory of a long run. */
  maxKept: number;
}

/** The pause probe's bookkeeping: fed the time of each tick of its timer, it keeps the gaps that ran late. */
export class PauseRecorder {
  private readonly pauses: Pause[] = [];

  constructor(
    private readonly options: PauseRecorderOptions,
    private last: number,
  ) {}

  tick(now: number): void {
    const gap = now - this.last;
    this.last = now;
    if (gap - this.options.tickMs < this.options.lateMs || this.pauses.length >= this.options.maxKept) return;
    this.pauses.push({ endedAt: now, ms: gap });
  }

  /** The pauses overlapping [from, to]. */
  during(from: number, to: number): Pause[] {
    return this.pauses.filter((pause) => pause.endedAt - pause.ms < to && pause.endedAt > from);
  }
}
