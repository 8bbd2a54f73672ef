import { monotonicMs, sleep, waitUntil } from './bench-clock';
import { busyShare, machineCpu } from './machine-cpu';
import { cpuSeconds } from './managed-process';
import type { ReceiverHandle } from './receiver-handle';

/** One of the compared systems, as the load drivers see it. */
export interface SystemUnderTest {
  name: string;
  /** Sends or publishes event `i` of `run`; resolves once the system has accepted it. */
  send(run: string, i: number, sentAt: number): Promise<void>;
  /**
   * How in-flight work is bounded at full speed: `response` — a fixed number of requests awaiting their answer
   * (the ceiling's POST loop); `receipt` — events published but not yet received (a queue accepts far faster
   * than it delivers, so bounding by acceptance would only grow a backlog).
   */
  inFlight: 'response' | 'receipt';
  /** Distinct deliveries of `run` recorded as successful attempts in Postgres; absent for the ceiling. */
  recorded?(run: string): Promise<number>;
  /** Throws if a process of the system died. */
  assertRunning(): void;
  /** The system's processes by name, for their CPU use during the window. */
  pids(): Record<string, number>;
}

export interface LoadSettings {
  warmupSeconds: number;
  windowSeconds: number;
  steadyRate: number;
  steadySeconds: number;
  concurrency: number;
  pipeline: number;
  drainSeconds: number;
}

export interface ThroughputResult {
  perSecond: number;
  windowSeconds: number;
  sent: number;
  duplicates: number;
  /** CPU used during the window per process (the receiver's included), in % of one core. */
  cpu: Record<string, number>;
  /** Share (0–1) of all the machine's cores busy during the window: NATS, Postgres and the harness included. */
  machineBusy: number;
  /** Distinct deliveries found in Postgres afterwards (null for the ceiling). */
  recorded: number | null;
}

export interface LatencyResult {
  rate: number;
  sent: number;
  p50: number;
  p99: number;
  max: number;
  /** How late the driver sent, at worst: a large value means the pacing, not the system, was behind. */
  maxLagMs: number;
  /** Share (0–1) of all the machine's cores busy while the measured events were sent. */
  machineBusy: number;
  recorded: number | null;
  /** From the first measured event's publish to the last one's receipt (monotonic ms): what the pause probe is asked about. */
  windowMs: { from: number; to: number };
}

/** A sender that runs until stopped, keeping the first send error. */
class LoadLoop {
  sent = 0;
  private stopped = false;
  private failure: Error | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly system: SystemUnderTest) {}

  get running(): boolean {
    return !this.stopped && this.failure === null;
  }

  /** Sends the next event (none once stopped); the promise settles when the system accepted it. */
  fire(run: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const i = this.sent;
    this.sent += 1;
    const sending = this.system.send(run, i, monotonicMs()).catch((error: Error) => {
      this.failure ??= new Error(`${this.system.name}: sending ${run} #${i} failed: ${error.message}`);
    });
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
    return sending;
  }

  async stop(): Promise<number> {
    this.stopped = true;
    await Promise.all(this.pending);
    this.check();
    return this.sent;
  }

  check(): void {
    if (this.failure) throw this.failure;
    this.system.assertRunning();
  }
}

/** Full speed for warm-up + window; the rate is what the receiver got inside the window. Then every delivery must arrive. */
export async function measureThroughput(system: SystemUnderTest, receiver: ReceiverHandle, settings: LoadSettings, run: string): Promise<ThroughputResult> {
  const loop = new LoadLoop(system);
  const driving = system.inFlight === 'response' ? driveByResponse(loop, run, settings.concurrency) : driveByReceipt(loop, receiver, run, settings.pipeline);
  await watchfulSleep(settings.warmupSeconds * 1000, loop);
  const pids = { ...system.pids(), receiver: receiver.process.pid };
  const cpuBefore = cpuOf(pids);
  const machineBefore = machineCpu();
  const from = monotonicMs();
  await watchfulSleep(settings.windowSeconds * 1000, loop);
  const to = monotonicMs();
  const cpuAfter = cpuOf(pids);
  const machineBusy = busyShare(machineBefore, machineCpu());
  const sent = await loop.stop();
  await driving;
  const window = await receiver.stats(run, from, to);
  const recorded = await drain(system, receiver, run, sent, settings.drainSeconds);
  const final = await receiver.forget(run);
  const seconds = (to - from) / 1000;
  const cpu = Object.fromEntries(Object.keys(pids).map((name) => [name, ((cpuAfter[name] - cpuBefore[name]) / seconds) * 100]));
  return { perSecond: window.inWindow / seconds, windowSeconds: seconds, sent, duplicates: final.total - final.distinct, cpu, machineBusy, recorded };
}

function cpuOf(pids: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
}

/** Open-loop pacing at `steadyRate`: each event goes out at its time whether or not earlier ones arrived. */
export async function measureLatency(system: SystemUnderTest, receiver: ReceiverHandle, settings: LoadSettings, run: string): Promise<LatencyResult> {
  const warmupRun = `${run}-warmup`;
  const warmupEvents = Math.round(settings.steadyRate * Math.min(2, settings.warmupSeconds));
  const measured = Math.round(settings.steadyRate * settings.steadySeconds);
  const warmup = new LoadLoop(system);
  const loop = new LoadLoop(system);
  const gapMs = 1000 / settings.steadyRate;
  const start = monotonicMs() + 20;
  let maxLagMs = 0;
  let machineBefore = machineCpu();
  for (let n = 0; n < warmupEvents + measured; n += 1) {
    if (n === warmupEvents) machineBefore = machineCpu();
    const due = start + n * gapMs;
    const wait = due - monotonicMs();
    if (wait >= 1) await sleep(Math.floor(wait));
    maxLagMs = Math.max(maxLagMs, monotonicMs() - due);
    void (n < warmupEvents ? warmup.fire(warmupRun) : loop.fire(run));
    if (n % 100 === 0) loop.check();
  }
  const machineBusy = busyShare(machineBefore, machineCpu());
  await warmup.stop();
  const sent = await loop.stop();
  await awaitReceipts(system, receiver, run, sent, settings.drainSeconds);
  const windowMs = { from: start + warmupEvents * gapMs, to: monotonicMs() };
  await drain(system, receiver, warmupRun, warmupEvents, settings.drainSeconds);
  const recorded = await awaitRecorded(system, run, sent, settings.drainSeconds);
  const stats = await receiver.stats(run);
  await Promise.all([receiver.forget(run), receiver.forget(warmupRun)]);
  return { rate: settings.steadyRate, sent, p50: stats.p50, p99: stats.p99, max: stats.max, maxLagMs, machineBusy, recorded, windowMs };
}

/** Every one of `expected` deliveries of `run` at the receiver, then (where the system records them) in Postgres. */
async function drain(system: SystemUnderTest, receiver: ReceiverHandle, run: string, expected: number, seconds: number): Promise<number | null> {
  await awaitReceipts(system, receiver, run, expected, seconds);
  return awaitRecorded(system, run, expected, seconds);
}

/** Every one of `expected` deliveries of `run` recorded in Postgres, where the system records them. */
async function awaitRecorded(system: SystemUnderTest, run: string, expected: number, seconds: number): Promise<number | null> {
  const recordedOf = system.recorded?.bind(system);
  if (!recordedOf) return null;
  let recorded = 0;
  await waitUntil(
    async () => {
      system.assertRunning();
      recorded = await recordedOf(run);
      return recorded >= expected;
    },
    seconds * 1000,
    () => `${system.name}: all ${expected} deliveries of "${run}" arrived but only ${recorded} successful attempts are in Postgres after ${seconds} s`,
    500,
  );
  return recorded;
}

async function awaitReceipts(system: SystemUnderTest, receiver: ReceiverHandle, run: string, expected: number, seconds: number): Promise<void> {
  let arrived = 0;
  await waitUntil(
    async () => {
      system.assertRunning();
      arrived = (await receiver.count(run)).distinct;
      return arrived >= expected;
    },
    seconds * 1000,
    () => `${system.name}: only ${arrived} of ${expected} deliveries of "${run}" reached the receiver within ${seconds} s`,
  );
}

/** `concurrency` senders, each waiting for its answer before the next. */
async function driveByResponse(loop: LoadLoop, run: string, concurrency: number): Promise<void> {
  const sender = async () => {
    while (loop.running) await loop.fire(run);
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
}

/** Keeps `pipeline` events between publish and receipt, topping up as the receiver reports arrivals. */
async function driveByReceipt(loop: LoadLoop, receiver: ReceiverHandle, run: string, pipeline: number): Promise<void> {
  while (loop.running) {
    const { distinct } = await receiver.count(run);
    for (let room = pipeline - (loop.sent - distinct); room > 0; room -= 1) void loop.fire(run);
    await sleep(5);
  }
}

/** Sleeps, checking every half second that the load and the system are still healthy. */
async function watchfulSleep(ms: number, loop: LoadLoop): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    loop.check();
    await sleep(Math.min(500, until - Date.now()));
  }
  loop.check();
}

/** Sends exactly `count` events of `run`, at most `pipeline` of them not yet received, waits for every receipt, then has the receiver forget the run. */
export async function sendAll(system: SystemUnderTest, receiver: ReceiverHandle, run: string, count: number, pipeline: number, timeoutSeconds: number): Promise<void> {
  const loop = new LoadLoop(system);
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (loop.sent < count) {
    loop.check();
    if (Date.now() > deadline) throw new Error(`${system.name}: only ${loop.sent} of ${count} events of "${run}" sent within ${timeoutSeconds} s`);
    const { distinct } = await receiver.count(run);
    const room = Math.min(count - loop.sent, pipeline - (loop.sent - distinct));
    for (let n = 0; n < room; n += 1) void loop.fire(run);
    await sleep(5);
  }
  await loop.stop();
  await awaitReceipts(system, receiver, run, count, Math.max(1, (deadline - Date.now()) / 1000));
  await receiver.forget(run);
}

/** Background load at `rate` events/s until stopped; resolves to how many were sent. */
export function paced(system: SystemUnderTest, run: string, rate: number): { stop(): Promise<number> } {
  const loop = new LoadLoop(system);
  const start = monotonicMs();
  const timer = setInterval(() => {
    const due = Math.floor(((monotonicMs() - start) / 1000) * rate);
    while (loop.sent < due && loop.running) void loop.fire(run);
  }, 10);
  return {
    stop: async () => {
      clearInterval(timer);
      return loop.stop();
    },
  };
}
