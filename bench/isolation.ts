import { monotonicMs, sleep, waitUntil } from './bench-clock';
import { measureLatency, measureThroughput, paced, sendAll, type LatencyResult, type LoadSettings, type SystemUnderTest, type ThroughputResult } from './load-drivers';
import type { HookstreamServices } from './hookstream-services';
import type { ReceiverHandle } from './receiver-handle';

export interface IsolationSettings extends LoadSettings {
  parked: number;
  parkSeconds: number;
  hangingRate: number;
}

export interface IsolationResult {
  parked: number;
  parkSeconds: number;
  hangingRate: number;
  /** The hanging endpoint's maxConcurrency and timeoutMs. */
  hangingSettings: typeof HANGING_SETTINGS;
  /** Requests the hanging endpoint received (and never answered) while the healthy one was measured. */
  hangingRequests: number;
  /** Retries still parked once the measurement ended. */
  parkedAfter: number;
  throughput: ThroughputResult;
  latency: LatencyResult;
  /** The fair share's figure: a burst of events to the healthy app, publish → receipt of its last, alone and beside. */
  burst: BurstResult;
  /**
   * The healthy endpoint alone again once the neighbours were removed (endpoints deleted, parked tasks purged): the
   * same services, as warm and with as many rows as beside the neighbours, so drift between the first measurement
   * and this phase shows instead of passing for an effect of the neighbours.
   */
  afterwards: { throughput: ThroughputResult; latency: LatencyResult };
}

export interface BurstResult {
  events: number;
  /** Events given to the hanging endpoint at once before the burst beside it. */
  hangingEvents: number;
  /** The healthy app's burst before any neighbour, and beside them: ms from publish to the last receipt. */
  aloneMs: number;
  besideMs: number;
}

/** The largest settings the API lets the operator give an endpoint (libs/contracts/src/api/endpoint.dto.ts). */
const HANGING_SETTINGS = { maxConcurrency: 1000, timeoutMs: 120_000 };
/** Events given to the hanging endpoint at once, and the healthy app's burst timed beside them. */
const HANGING_EVENTS = 600;
const BURST_EVENTS = 20;
/** Time for the dispatcher to take up the hanging endpoint's events once its first POST went out. */
const HANGING_SETTLE_MS = 2000;
/** One hour: a retry parked for it stays parked for the whole run. */
const PARKED_RETRY_SCHEDULE = [3600];

/**
 * The healthy endpoint measured again, now beside noisy neighbours on the same services: `parked` retries
 * (events to an endpoint answering 400 whose schedule parks the retry for an hour) and a hanging endpoint
 * (never answers; the API's largest maxConcurrency and timeoutMs) given 600 events at once, then `hangingRate`
 * events/s throughout. A burst of 20 events to the healthy app is timed before the neighbours and beside them.
 */
export async function measureIsolation(
  hookstream: HookstreamServices,
  receiver: ReceiverHandle,
  healthyAppId: string,
  settings: IsolationSettings,
  log: (line: string) => void,
): Promise<IsolationResult> {
  const healthy = hookstream.target(healthyAppId);
  const burstAloneMs = await burstMs(healthy, receiver, 'iso-burst-alone', BURST_EVENTS);
  const parkedApp = await hookstream.createApp('bench parked retries');
  // 400 fails the attempt but is not an outage: the circuit stays closed, so each event gets one POST and then parks.
  const parkedEndpoint = await hookstream.createEndpoint(parkedApp, { url: receiver.url('/fail/parked'), retrySchedule: PARKED_RETRY_SCHEDULE, maxConcurrency: settings.concurrency });
  const hangingApp = await hookstream.createApp('bench hanging endpoint');
  const hangingEndpoint = await hookstream.createEndpoint(hangingApp, { url: receiver.url('/hang/endpoint'), ...HANGING_SETTINGS });

  const started = Date.now();
  if (settings.parked > 0) {
    log(`isolation: parking ${settings.parked} retries (bound ${settings.parkSeconds} s, ISOLATION_PARK_TIMEOUT_S)`);
    await sendAll(hookstream.target(parkedApp, 'Hookstream (parked retries)'), receiver, 'iso-parked', settings.parked, settings.pipeline, settings.parkSeconds);
    const remaining = Math.max(1, settings.parkSeconds - (Date.now() - started) / 1000);
    await waitUntil(
      async () => (await hookstream.parkedTasks()) >= settings.parked,
      remaining * 1000,
      async () => `only ${await hookstream.parkedTasks()} of ${settings.parked} retries parked within ${settings.parkSeconds} s`,
      500,
    );
  }
  const parkSeconds = (Date.now() - started) / 1000;

  const hangingTarget = hookstream.target(hangingApp, 'Hookstream (hanging endpoint)');
  log(`isolation: ${HANGING_EVENTS} events to the hanging endpoint (maxConcurrency ${HANGING_SETTINGS.maxConcurrency}, timeoutMs ${HANGING_SETTINGS.timeoutMs}), then ${settings.hangingRate}/s`);
  await Promise.all(Array.from({ length: HANGING_EVENTS }, (_, i) => hangingTarget.send('iso-hanging-burst', i, monotonicMs())));
  await waitUntil(async () => (await receiver.count('iso-hanging-burst')).total > 0, 30_000, () => 'the hanging endpoint got no POST within 30 s', 50);
  await sleep(HANGING_SETTLE_MS);
  const hanging = paced(hangingTarget, 'iso-hanging', settings.hangingRate);
  const measure = async (run: string) => {
    const throughput = await measureThroughput(healthy, receiver, settings, `${run}-throughput`);
    return { throughput, latency: await measureLatency(healthy, receiver, settings, `${run}-steady`) };
  };
  const measured = await burstMs(healthy, receiver, 'iso-burst-beside', BURST_EVENTS)
    .then(async (besideMs) => ({ besideMs, ...(await measure('iso')) }))
    .catch(async (error: Error) => {
      await hanging.stop().catch(() => 0);
      throw error;
    });
  const burst = { events: BURST_EVENTS, hangingEvents: HANGING_EVENTS, aloneMs: burstAloneMs, besideMs: measured.besideMs };
  log(`isolation: ${BURST_EVENTS} events to the healthy app in ${burst.aloneMs.toFixed(0)} ms alone, ${burst.besideMs.toFixed(0)} ms beside the neighbours`);
  const hangingSent = HANGING_EVENTS + (await hanging.stop());
  const hangingRequests = (await receiver.forget('iso-hanging-burst')).total + (await receiver.forget('iso-hanging')).total;
  const parkedAfter = await hookstream.parkedTasks();
  log(`isolation: ${hangingSent} events to the hanging endpoint, ${hangingRequests} requests reached it; removing the neighbours`);

  await hookstream.deleteEndpoint(hangingApp, hangingEndpoint);
  await hookstream.deleteEndpoint(parkedApp, parkedEndpoint);
  log(`isolation: ${HANGING_SETTINGS.timeoutMs / 1000} s for the hanging endpoint's last POSTs to time out`);
  await sleep(HANGING_SETTINGS.timeoutMs + 2000); // every POST to it started before its deletion
  await hookstream.purgeParked();
  log(`isolation: healthy endpoint alone again (${await hookstream.parkedTasks()} tasks parked)`);
  const afterwards = await measure('iso-after');
  const { throughput, latency } = measured;
  return { parked: settings.parked, parkSeconds, hangingRate: settings.hangingRate, hangingSettings: HANGING_SETTINGS, hangingRequests, parkedAfter, throughput, latency, burst, afterwards };
}

/** Publishes `count` events of `run` at once; ms from each one's publish to its receipt, at most (the receiver's clock). */
async function burstMs(system: SystemUnderTest, receiver: ReceiverHandle, run: string, count: number): Promise<number> {
  await Promise.all(Array.from({ length: count }, (_, i) => system.send(run, i, monotonicMs())));
  await waitUntil(async () => (await receiver.count(run)).distinct >= count, 60_000, () => `${system.name}: the ${count} events of "${run}" did not all arrive within 60 s`, 20);
  const { max } = await receiver.stats(run);
  await receiver.forget(run);
  return max;
}
