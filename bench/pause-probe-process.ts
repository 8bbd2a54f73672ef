// The pause probe (pause-probe.ts): an idle process whose only work is a 5 ms timer. When the timer runs 30 ms or more
// late, nothing on the machine could have run either — on this VM every service's event loop shows the same gap at
// the same moment (docs/benchmarks.md, "Pauses of the machine") — and the pause is kept, so a run's latency tail can
// be read against the pauses it sat through.
import { monotonicMs } from './bench-clock';
import type { Pause, PauseProbeMessage, PauseQuery } from './pause-probe-protocol';

const TICK_MS = 5;
const LATE_MS = 30;
/** Bounds the memory of a long run: far more pauses than any run has had. */
const MAX_KEPT = 100_000;

const pauses: Pause[] = [];
let last = monotonicMs();

setInterval(() => {
  const now = monotonicMs();
  const gap = now - last;
  last = now;
  if (gap - TICK_MS < LATE_MS || pauses.length >= MAX_KEPT) return;
  pauses.push({ endedAt: now, ms: gap });
}, TICK_MS);

process.on('message', (query: PauseQuery) => {
  const reply: PauseProbeMessage = { type: 'reply', id: query.id, pauses: pauses.filter((pause) => pause.endedAt - pause.ms < query.to && pause.endedAt > query.from) };
  process.send?.(reply);
});

process.send?.({ type: 'ready' } satisfies PauseProbeMessage);
