// The pause probe (pause-probe.ts): an idle process whose only work is a 5 ms timer. When the timer runs 30 ms or more
// late, nothing on the machine could have run either — on this VM every service's event loop shows the same gap at
// the same moment (docs/benchmarks.md, "Pauses of the machine") — and the pause is kept, so a run's latency tail can
// be read against the pauses it sat through.
import { monotonicMs } from './bench-clock';
import type { PauseProbeMessage, PauseQuery } from './pause-probe-protocol';
import { PauseRecorder } from './pause-recorder';

const TICK_MS = 5;
const recorder = new PauseRecorder({ tickMs: TICK_MS, lateMs: 30, maxKept: 100_000 }, monotonicMs());

setInterval(() => recorder.tick(monotonicMs()), TICK_MS);

process.on('message', (query: PauseQuery) => {
  process.send?.({ type: 'reply', id: query.id, pauses: recorder.during(query.from, query.to) } satisfies PauseProbeMessage);
});

process.send?.({ type: 'ready' } satisfies PauseProbeMessage);
