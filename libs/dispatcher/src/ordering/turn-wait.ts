/**
 * How long a task waits before asking again whether it is its turn: 100 ms per message ahead of it, at most
 * 30 s, so the next in line asks often and the far end of a long queue rarely.
 */
export function turnWaitMs(ahead: number): number {
  return Math.min(30_000, 100 * Math.max(1, ahead));
}
