/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, what `process.hrtime` reads): the same in every
 * process on the host, so a publish time taken in the driver and a receipt time taken in the receiver subtract.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every `everyMs` until it is true; throws `failure()` after `timeoutMs`. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, failure: () => Promise<string> | string, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(await failure());
    await sleep(everyMs);
  }
}
