import { EndpointLimiter, FORGET_IDLE_MS, SLOT_WAIT_MAX_MS, type Admission, type DeliveryTarget } from './endpoint-limiter';
import { APP_SHARE, FAST_ENDPOINT_MS, FAST_SHARE, HANGING_AFTER_MS, SLOW_SHARE, UNPROVEN_SHARE } from './fair-share';

const admitted = (a: Admission): a is Extract<Admission, { admitted: true }> => a.admitted;
const target = (endpointId: string, limits: Partial<DeliveryTarget> = {}): DeliveryTarget => ({
  appId: 'app',
  endpointId,
  maxConcurrency: 1,
  rateLimit: null,
  ...limits,
});
/** Admits `count` tasks of the target at `now`, all of which must be admitted. */
const fill = (limiter: EndpointLimiter, to: DeliveryTarget, count: number, now = 0): void => {
  for (let i = 0; i < count; i++) expect(limiter.admit(to, now).admitted).toBe(true);
};

describe('EndpointLimiter', () => {
  it('admits up to maxConcurrency at once per endpoint, and again after a release', () => {
    const limiter = new EndpointLimiter();
    const ep = target('ep', { maxConcurrency: 2 });
    const first = limiter.admit(ep, 0);
    const second = limiter.admit(ep, 0);
    expect(limiter.admit(ep, 0, () => 0.5)).toEqual({ admitted: false, retryAt: 50, limitedBy: 'endpoint' });
    expect(limiter.admit(target('other', { maxConcurrency: 2 }), 0).admitted).toBe(true);
    if (admitted(first)) first.release();
    expect(limiter.admit(ep, 0).admitted).toBe(true);
    expect(second.admitted).toBe(true);
  });

  it('spends a token per request and says when the next one is due', () => {
    const limiter = new EndpointLimiter();
    const ep = target('ep', { maxConcurrency: 100, rateLimit: 2 });
    for (let i = 0; i < 2; i++) {
      const a = limiter.admit(ep, 0);
      if (admitted(a)) a.release();
    }
    expect(limiter.admit(ep, 0)).toEqual({ admitted: false, retryAt: 500, limitedBy: 'rate' });
    expect(limiter.admit(ep, 500).admitted).toBe(true);
  });

  it('makes a task wait longer for an endpoint whose POSTs hang than for a fast one', () => {
    const limiter = new EndpointLimiter();
    limiter.admit(target('slow'), 0);
    limiter.admit(target('fast'), 0);
    limiter.observe('fast', 5);
    const slow = limiter.admit(target('slow'), 3000, () => 0.5);
    const fast = limiter.admit(target('fast'), 1, () => 0.5);
    expect(slow).toEqual({ admitted: false, retryAt: 6000, limitedBy: 'endpoint' });
    expect(fast).toEqual({ admitted: false, retryAt: 51, limitedBy: 'endpoint' });
  });

  it('halves concurrency when the endpoint asks to slow down and regrows it on success', () => {
    const limiter = new EndpointLimiter();
    const ep = target('ep', { maxConcurrency: 4 });
    const held = limiter.admit(ep, 0);
    limiter.slowDown('ep');
    limiter.slowDown('ep');
    expect(limiter.admit(ep, 0).admitted).toBe(false);
    limiter.recover(ep);
    expect(limiter.admit(ep, 0).admitted).toBe(true);
    expect(held.admitted).toBe(true);
  });

  it('holds an endpoint that has not answered yet to UNPROVEN_SHARE POSTs whatever its maxConcurrency', () => {
    const limiter = new EndpointLimiter();
    const greedy = target('greedy', { maxConcurrency: 1000 });
    fill(limiter, greedy, UNPROVEN_SHARE);

    expect(limiter.admit(greedy, 0)).toMatchObject({ admitted: false, limitedBy: 'endpoint' });
    expect(limiter.admit(target('neighbour', { appId: 'other', maxConcurrency: 1000 }), 0).admitted).toBe(true);
  });

  it('lets an endpoint that answers fast have up to FAST_SHARE POSTs in flight', () => {
    const limiter = new EndpointLimiter();
    const fast = target('fast', { maxConcurrency: 1000 });
    fill(limiter, fast, 1);
    limiter.observe('fast', 5);
    fill(limiter, fast, FAST_SHARE - 1);

    expect(limiter.admit(fast, 0)).toMatchObject({ admitted: false, limitedBy: 'endpoint' });
  });

  it('holds an app to APP_SHARE POSTs in flight across its endpoints; other apps keep theirs', () => {
    const limiter = new EndpointLimiter();
    const endpoints = APP_SHARE / UNPROVEN_SHARE;
    for (let n = 0; n < endpoints; n++) fill(limiter, target(`ep${n}`, { maxConcurrency: 1000 }), UNPROVEN_SHARE);

    expect(limiter.admit(target('one more', { maxConcurrency: 1000 }), 0)).toMatchObject({ admitted: false, limitedBy: 'app' });
    expect(limiter.admit(target('other app', { appId: 'other', maxConcurrency: 1000 }), 0).admitted).toBe(true);
  });

  it('frees an app share as its POSTs end', () => {
    const limiter = new EndpointLimiter();
    const admissions = Array.from({ length: APP_SHARE }, (_, n) => limiter.admit(target(`ep${n}`), 0));
    expect(limiter.admit(target('last'), 0).admitted).toBe(false);
    for (const admission of admissions) if (admitted(admission)) admission.release();
    expect(limiter.admit(target('last'), 0).admitted).toBe(true);
  });

  it('holds an endpoint with POSTs out and none ending for HANGING_AFTER_MS to SLOW_SHARE, until one ends', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const limiter = new EndpointLimiter();
      const hanging = target('hanging', { maxConcurrency: 1000 });
      const first = limiter.admit(hanging);
      fill(limiter, hanging, SLOW_SHARE, 0);
      jest.setSystemTime(HANGING_AFTER_MS - 1);
      expect(limiter.admit(hanging).admitted).toBe(true);

      jest.setSystemTime(HANGING_AFTER_MS);
      expect(limiter.admit(hanging)).toMatchObject({ admitted: false, limitedBy: 'endpoint' });
      if (admitted(first)) first.release();
      expect(limiter.admit(hanging).admitted).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives an endpoint answering slower than FAST_ENDPOINT_MS no more than SLOW_SHARE at once', () => {
    const limiter = new EndpointLimiter();
    const slow = target('slow', { maxConcurrency: 1000 });
    const first = limiter.admit(slow, 0);
    limiter.observe('slow', FAST_ENDPOINT_MS + 1);
    fill(limiter, slow, SLOW_SHARE - 1);

    expect(limiter.admit(slow, 0).admitted).toBe(false);
    expect(first.admitted).toBe(true);
  });

  it('regrows a halved window one per success, never past the share', () => {
    const limiter = new EndpointLimiter();
    const ep = target('ep', { maxConcurrency: 1000 });
    const held = limiter.admit(ep, 0);
    limiter.observe('ep', 5);
    for (let i = 0; i < 10; i++) limiter.slowDown('ep');
    expect(limiter.admit(ep, 0).admitted).toBe(false);
    for (let i = 0; i < 2 * FAST_SHARE; i++) limiter.recover(ep);
    fill(limiter, ep, FAST_SHARE - 1);

    expect(limiter.admit(ep, 0)).toMatchObject({ admitted: false, limitedBy: 'endpoint' });
    expect(held.admitted).toBe(true);
  });

  it('remembers an idle endpoint for FORGET_IDLE_MS, then starts it over as one that never answered', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const limiter = new EndpointLimiter();
      const ep = target('ep', { maxConcurrency: 1000 });
      const first = limiter.admit(ep);
      limiter.observe('ep', 5);
      if (admitted(first)) first.release();

      jest.setSystemTime(FORGET_IDLE_MS - 1);
      const burst = Array.from({ length: UNPROVEN_SHARE + 1 }, () => limiter.admit(ep));
      expect(burst.every(admitted)).toBe(true);
      for (const admission of burst) if (admitted(admission)) admission.release();

      jest.setSystemTime(2 * FORGET_IDLE_MS - 1);
      fill(limiter, ep, UNPROVEN_SHARE, Date.now());
      expect(limiter.admit(ep).admitted).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  describe('admitOrWait', () => {
    beforeEach(() => jest.useFakeTimers({ now: 0 }));
    afterEach(() => jest.useRealTimers());

    const one = target('ep');

    it('lets a task wait for a busy fast endpoint and hands it the slot freed first, oldest waiter first', async () => {
      const limiter = new EndpointLimiter();
      const held = await limiter.admitOrWait(one);
      limiter.observe('ep', 5);
      const order: string[] = [];
      const first = limiter.admitOrWait(one).then((a) => (order.push('first'), a));
      const second = limiter.admitOrWait(one).then((a) => (order.push('second'), a));

      if (admitted(held)) held.release();
      const granted = await first;
      expect(granted.admitted).toBe(true);
      expect(order).toEqual(['first']);
      if (admitted(granted)) granted.release();
      expect((await second).admitted).toBe(true);
      expect(order).toEqual(['first', 'second']);
    });

    it('parks a task at once when the endpoint may be hanging: POSTs out and none ended for HANGING_AFTER_MS', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait(one);
      jest.setSystemTime(HANGING_AFTER_MS);

      const refused = await limiter.admitOrWait(one);

      expect(refused.admitted).toBe(false);
    });

    it('parks a task at once when the endpoint is slow: its responses take longer than FAST_ENDPOINT_MS', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait(one);
      limiter.observe('ep', FAST_ENDPOINT_MS * 2);

      const refused = await limiter.admitOrWait(one);

      expect(refused.admitted).toBe(false);
    });

    it('parks a waiting task after SLOT_WAIT_MAX_MS when no slot came free', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait(one);
      const waiting = limiter.admitOrWait(one);

      jest.advanceTimersByTime(SLOT_WAIT_MAX_MS);

      expect((await waiting).admitted).toBe(false);
    });

    it('never waits on a rate limit', async () => {
      const limiter = new EndpointLimiter();
      const rated = target('rated', { rateLimit: 1 });
      await limiter.admitOrWait(rated);

      expect((await limiter.admitOrWait(rated)).admitted).toBe(false);
    });

    it('queues four tasks per slot', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait(one);
      const waiting = Array.from({ length: 4 }, () => limiter.admitOrWait(one));

      expect((await limiter.admitOrWait(one)).admitted).toBe(false);
      jest.advanceTimersByTime(SLOT_WAIT_MAX_MS);
      await Promise.all(waiting);
    });

    it('parks at once a task whose app has used its share', async () => {
      const limiter = new EndpointLimiter();
      for (let n = 0; n < APP_SHARE; n++) await limiter.admitOrWait(target(`ep${n}`));

      expect(await limiter.admitOrWait(target('new'))).toMatchObject({ admitted: false, limitedBy: 'app' });
    });
  });
});
