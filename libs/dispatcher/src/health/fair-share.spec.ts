import {
  APP_SHARE,
  endpointLimit,
  FAST_ENDPOINT_MS,
  FAST_SHARE,
  HANGING_AFTER_MS,
  isSlow,
  MAX_WAITERS,
  SLOW_SHARE,
  UNPROVEN_SHARE,
  waitingRoom,
  WAITERS_PER_SLOT,
  WORKER_SLOTS,
  type EndpointPace,
} from './fair-share';

const fresh: EndpointPace = { latencyMs: null, stalledMs: 0 };
const fast: EndpointPace = { latencyMs: 5, stalledMs: 3 };
const slowAnswers: EndpointPace = { latencyMs: FAST_ENDPOINT_MS + 1, stalledMs: 0 };
const hanging: EndpointPace = { latencyMs: null, stalledMs: HANGING_AFTER_MS };

describe('fair share', () => {
  it('gives an app 1/2 of a worker; an endpoint all of that while fast, 1/8 before its first answer, 1/32 once slow', () => {
    expect([APP_SHARE, FAST_SHARE, UNPROVEN_SHARE, SLOW_SHARE]).toEqual([WORKER_SLOTS / 2, WORKER_SLOTS / 2, WORKER_SLOTS / 8, WORKER_SLOTS / 32]);
  });

  it.each([
    ['no response yet, nothing running', fresh, false],
    ['answering in 5 ms', fast, false],
    ['answering in exactly FAST_ENDPOINT_MS', { latencyMs: FAST_ENDPOINT_MS, stalledMs: 0 }, false],
    ['answering slower than FAST_ENDPOINT_MS', slowAnswers, true],
    ['POSTs out with none ending for just under HANGING_AFTER_MS', { latencyMs: 5, stalledMs: HANGING_AFTER_MS - 1 }, false],
    ['POSTs out with none ending for HANGING_AFTER_MS, however fast before', { latencyMs: 5, stalledMs: HANGING_AFTER_MS }, true],
  ])('isSlow: %s → %s', (_, pace, slow) => {
    expect(isSlow(pace)).toBe(slow);
  });

  it.each([
    ['the largest maxConcurrency the API accepts, fast', 1000, 1000, fast, FAST_SHARE],
    ['the largest maxConcurrency, not answered yet', 1000, 1000, fresh, UNPROVEN_SHARE],
    ['the largest maxConcurrency, hanging', 1000, 1000, hanging, SLOW_SHARE],
    ['the largest maxConcurrency, slow answers', 1000, 1000, slowAnswers, SLOW_SHARE],
    ['a maxConcurrency below the share', 10, 10, fast, 10],
    ['a maxConcurrency of 100, not answered yet', 100, 100, fresh, UNPROVEN_SHARE],
    ['a maxConcurrency of 100, fast', 100, 100, fast, 100],
    ['a maxConcurrency below the slow share, hanging', 2, 2, hanging, 2],
    ['a window halved below the share', 1000, 5, fast, 5],
  ])('endpointLimit: %s → %i', (_, maxConcurrency, allowed, pace, limit) => {
    expect(endpointLimit(maxConcurrency, allowed, pace)).toBe(limit);
  });

  it.each([
    ['no answer yet: WAITERS_PER_SLOT per slot', 32, fresh, 32 * WAITERS_PER_SLOT],
    ['fast, 10 slots: WAITERS_PER_SLOT per slot', 10, fast, 10 * WAITERS_PER_SLOT],
    ['fast, 100 slots: MAX_WAITERS', 100, fast, MAX_WAITERS],
    ['answering in 900 ms, still fast', 10, { latencyMs: 900, stalledMs: 0 }, 10 * WAITERS_PER_SLOT],
    ['slow answers: none', 32, slowAnswers, 0],
    ['hanging: none', 32, hanging, 0],
  ])('waitingRoom: %s', (_, limit, pace, room) => {
    expect(waitingRoom(limit, pace)).toBe(room);
  });
});
