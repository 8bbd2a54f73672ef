import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, all cores, in clock ticks: busy (anything but idle and iowait) and in all. */
export interface MachineCpu {
  busy: number;
  total: number;
}

export function machineCpu(): MachineCpu {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const [, , , idle = 0, iowait = 0] = ticks;
  return { busy: total - idle - iowait, total };
}

/** Share (0–1) of all the machine's cores busy between two readings. */
export function busyShare(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}
