import {
  APP_SHARE,
  ENDPOINT_SHARE,
  endpointLimit,
  EXPECTED_WAIT_MAX_MS,
  FAST_ENDPOINT_MS,
  HANGING_AFTER_MS,
  isSlow,
  MAX_WAITERS,
  SLOW_SHARE,
  waitingRoom,
  WORKER_SLOTS,
  type EndpointPace,
} from './fair-share';

const fresh: EndpointPace = { latencyMs: null, oldestRunningMs: 0 };
const fast: EndpointPace = { latencyMs: 5, oldestRunningMs: 3 };
const slowAnswers: EndpointPace = { latencyMs: FAST_ENDPOINT_MS + 1, oldestRunningMs: 0 };
const hanging: EndpointPace = { latencyMs: null, oldestRunningMs: HANGING_AFTER_MS };

describe('fair share', () => {
  it('gives one endpoint 1/8 of a worker, one app 1/2, a slow endpoint 1/32', () => {
    expect([ENDPOINT_SHARE, APP_SHARE, SLOW_SHARE]).toEqual([WORKER_SLOTS / 8, WORKER_SLOTS / 2, WORKER_SLOTS / 32]);
  });

  it.each([
    ['no response yet, nothing running', fresh, false],
    ['answering in 5 ms', fast, false],
    ['answering in exactly FAST_ENDPOINT_MS', { latencyMs: FAST_ENDPOINT_MS, oldestRunningMs: 0 }, false],
    ['answering slower than FAST_ENDPOINT_MS', slowAnswers, true],
    ['a POST running for just under HANGING_AFTER_MS', { latencyMs: 5, oldestRunningMs: HANGING_AFTER_MS - 1 }, false],
    ['a POST running for HANGING_AFTER_MS, however fast before', { latencyMs: 5, oldestRunningMs: HANGING_AFTER_MS }, true],
  ])('isSlow: %s → %s', (_, pace, slow) => {
    expect(isSlow(pace)).toBe(slow);
  });

  it.each([
    ['the largest maxConcurrency the API accepts, fast', 1000, 1000, fast, ENDPOINT_SHARE],
    ['the largest maxConcurrency, not answered yet', 1000, 1000, fresh, ENDPOINT_SHARE],
    ['the largest maxConcurrency, hanging', 1000, 1000, hanging, SLOW_SHARE],
    ['the largest maxConcurrency, slow answers', 1000, 1000, slowAnswers, SLOW_SHARE],
    ['a maxConcurrency below the share', 10, 10, fast, 10],
    ['a maxConcurrency below the slow share, hanging', 2, 2, hanging, 2],
    ['a window halved below the share', 1000, 5, fast, 5],
  ])('endpointLimit: %s → %i', (_, maxConcurrency, allowed, pace, limit) => {
    expect(endpointLimit(maxConcurrency, allowed, pace)).toBe(limit);
  });

  it.each([
    ['no response yet: one per slot', 32, fresh, 32],
    ['5 ms answers: as many as a worker holds', 32, fast, MAX_WAITERS],
    ['100 ms answers: those served within EXPECTED_WAIT_MAX_MS', 32, { latencyMs: 100, oldestRunningMs: 0 }, (32 * EXPECTED_WAIT_MAX_MS) / 100],
    ['900 ms answers, one slot: none', 1, { latencyMs: 900, oldestRunningMs: 0 }, 0],
    ['0 ms answers (an SSRF refusal): bounded all the same', 32, { latencyMs: 0, oldestRunningMs: 0 }, MAX_WAITERS],
    ['slow answers: none', 32, slowAnswers, 0],
    ['hanging: none', 32, hanging, 0],
  ])('waitingRoom: %s', (_, limit, pace, room) => {
    expect(waitingRoom(limit, pace)).toBe(room);
  });
});
