import { sleep, waitUntil } from './bench-clock';
import { measureLatency, measureThroughput, paced, sendAll, type LatencyResult, type LoadSettings, type ThroughputResult } from './load-drivers';
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
  /** Requests the hanging endpoint received (and never answered) while the healthy one was measured. */
  hangingRequests: number;
  /** Retries still parked once the measurement ended. */
  parkedAfter: number;
  throughput: ThroughputResult;
  latency: LatencyResult;
  /**
   * The healthy endpoint alone again once the neighbours were removed (endpoints deleted, parked tasks purged): the
   * same services, as warm and with as many rows as beside the neighbours, so drift between the first measurement
   * and this phase shows instead of passing for an effect of the neighbours.
   */
  afterwards: { throughput: ThroughputResult; latency: LatencyResult };
}

const HANGING_TIMEOUT_MS = 1000;
/** One hour: a retry parked for it stays parked for the whole run. */
const PARKED_RETRY_SCHEDULE = [3600];

/**
 * The healthy endpoint measured again, now beside noisy neighbours on the same services: `parked` retries
 * (events to an endpoint answering 400 whose schedule parks the retry for an hour) and a hanging endpoint
 * (never answers, timeoutMs 1000) receiving `hangingRate` events/s throughout.
 */
export async function measureIsolation(
  hookstream: HookstreamServices,
  receiver: ReceiverHandle,
  healthyAppId: string,
  settings: IsolationSettings,
  log: (line: string) => void,
): Promise<IsolationResult> {
  const parkedApp = await hookstream.createApp('bench parked retries');
  // 400 fails the attempt but is not an outage: the circuit stays closed, so each event gets one POST and then parks.
  const parkedEndpoint = await hookstream.createEndpoint(parkedApp, { url: receiver.url('/fail/parked'), retrySchedule: PARKED_RETRY_SCHEDULE, maxConcurrency: settings.concurrency });
  const hangingApp = await hookstream.createApp('bench hanging endpoint');
  const hangingEndpoint = await hookstream.createEndpoint(hangingApp, { url: receiver.url('/hang/endpoint'), timeoutMs: HANGING_TIMEOUT_MS });

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

  log(`isolation: hanging endpoint at ${settings.hangingRate} events/s, healthy endpoint measured again`);
  const hanging = paced(hookstream.target(hangingApp, 'Hookstream (hanging endpoint)'), 'iso-hanging', settings.hangingRate);
  const healthy = hookstream.target(healthyAppId);
  const measure = async (run: string) => {
    const throughput = await measureThroughput(healthy, receiver, settings, `${run}-throughput`);
    return { throughput, latency: await measureLatency(healthy, receiver, settings, `${run}-steady`) };
  };
  const measured = await sleep(HANGING_TIMEOUT_MS * 3) // the hanging endpoint's slots fill and its first timeouts come back
    .then(() => measure('iso'))
    .catch(async (error: Error) => {
      await hanging.stop().catch(() => 0);
      throw error;
    });
  const hangingSent = await hanging.stop();
  const hangingRequests = (await receiver.forget('iso-hanging')).total;
  const parkedAfter = await hookstream.parkedTasks();
  log(`isolation: ${hangingSent} events to the hanging endpoint, ${hangingRequests} requests reached it; removing the neighbours`);

  await hookstream.deleteEndpoint(hangingApp, hangingEndpoint);
  await hookstream.deleteEndpoint(parkedApp, parkedEndpoint);
  await sleep(HANGING_TIMEOUT_MS * 2); // the hanging endpoint's last POSTs time out and park
  await hookstream.purgeParked();
  log(`isolation: healthy endpoint alone again (${await hookstream.parkedTasks()} tasks parked)`);
  const afterwards = await measure('iso-after');
  return { parked: settings.parked, parkSeconds, hangingRate: settings.hangingRate, hangingRequests, parkedAfter, ...measured, afterwards };
}
