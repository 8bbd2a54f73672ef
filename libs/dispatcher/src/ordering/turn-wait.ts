/** A task waiting its turn asks again after 100 ms, doubling per wait up to 30 s. */
export function turnWaitMs(deferrals: number): number {
  return Math.min(30_000, 100 * 2 ** Math.min(deferrals, 9));
}
