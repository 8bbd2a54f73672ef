import { EndpointLimiter, FAST_ENDPOINT_MS, HANGING_AFTER_MS, SLOT_WAIT_MAX_MS, type Admission } from './endpoint-limiter';

const admitted = (a: Admission): a is Extract<Admission, { admitted: true }> => a.admitted;

describe('EndpointLimiter', () => {
  it('admits up to maxConcurrency at once per endpoint, and again after a release', () => {
    const limiter = new EndpointLimiter();
    const limits = { maxConcurrency: 2, rateLimit: null };
    const first = limiter.admit('ep', limits, 0);
    const second = limiter.admit('ep', limits, 0);
    expect(limiter.admit('ep', limits, 0, () => 0.5)).toEqual({ admitted: false, retryAt: 50 });
    expect(limiter.admit('other', limits, 0).admitted).toBe(true);
    if (admitted(first)) first.release();
    expect(limiter.admit('ep', limits, 0).admitted).toBe(true);
    expect(second.admitted).toBe(true);
  });

  it('spends a token per request and says when the next one is due', () => {
    const limiter = new EndpointLimiter();
    const limits = { maxConcurrency: 100, rateLimit: 2 };
    for (let i = 0; i < 2; i++) {
      const a = limiter.admit('ep', limits, 0);
      if (admitted(a)) a.release();
    }
    expect(limiter.admit('ep', limits, 0)).toEqual({ admitted: false, retryAt: 500 });
    expect(limiter.admit('ep', limits, 500).admitted).toBe(true);
  });

  it('makes a task wait longer for an endpoint whose POSTs hang than for a fast one', () => {
    const limiter = new EndpointLimiter();
    const limits = { maxConcurrency: 1, rateLimit: null };
    limiter.admit('slow', limits, 0);
    limiter.admit('fast', limits, 0);
    limiter.observe('fast', 5);
    const slow = limiter.admit('slow', limits, 3000, () => 0.5);
    const fast = limiter.admit('fast', limits, 1, () => 0.5);
    expect(slow).toEqual({ admitted: false, retryAt: 6000 });
    expect(fast).toEqual({ admitted: false, retryAt: 51 });
  });

  it('halves concurrency when the endpoint asks to slow down and regrows it on success', () => {
    const limiter = new EndpointLimiter();
    const limits = { maxConcurrency: 4, rateLimit: null };
    const held = limiter.admit('ep', limits, 0);
    limiter.slowDown('ep');
    limiter.slowDown('ep');
    expect(limiter.admit('ep', limits, 0).admitted).toBe(false);
    limiter.recover('ep', limits);
    expect(limiter.admit('ep', limits, 0).admitted).toBe(true);
    expect(held.admitted).toBe(true);
  });

  describe('admitOrWait', () => {
    beforeEach(() => jest.useFakeTimers({ now: 0 }));
    afterEach(() => jest.useRealTimers());

    const unlimited = { maxConcurrency: 1, rateLimit: null };

    it('lets a task wait for a busy fast endpoint and hands it the slot freed first, oldest waiter first', async () => {
      const limiter = new EndpointLimiter();
      const held = await limiter.admitOrWait('ep', unlimited);
      const order: string[] = [];
      const first = limiter.admitOrWait('ep', unlimited).then((a) => (order.push('first'), a));
      const second = limiter.admitOrWait('ep', unlimited).then((a) => (order.push('second'), a));

      if (admitted(held)) held.release();
      const granted = await first;
      expect(granted.admitted).toBe(true);
      expect(order).toEqual(['first']);
      if (admitted(granted)) granted.release();
      expect((await second).admitted).toBe(true);
      expect(order).toEqual(['first', 'second']);
    });

    it('parks a task at once when the endpoint may be hanging: its oldest POST has run for HANGING_AFTER_MS', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait('ep', unlimited);
      jest.setSystemTime(HANGING_AFTER_MS);

      const refused = await limiter.admitOrWait('ep', unlimited);

      expect(refused.admitted).toBe(false);
    });

    it('parks a task at once when the endpoint is slow: its responses take longer than FAST_ENDPOINT_MS', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait('ep', unlimited);
      for (let i = 0; i < 20; i++) limiter.observe('ep', FAST_ENDPOINT_MS * 2);

      const refused = await limiter.admitOrWait('ep', unlimited);

      expect(refused.admitted).toBe(false);
    });

    it('parks a waiting task after SLOT_WAIT_MAX_MS when no slot came free', async () => {
      const limiter = new EndpointLimiter();
      await limiter.admitOrWait('ep', unlimited);
      const waiting = limiter.admitOrWait('ep', unlimited);

      jest.advanceTimersByTime(SLOT_WAIT_MAX_MS);

      expect((await waiting).admitted).toBe(false);
    });

    it('never waits on a rate limit, and queues at most four tasks per slot', async () => {
      const limiter = new EndpointLimiter();
      const rated = { maxConcurrency: 1, rateLimit: 1 };
      await limiter.admitOrWait('rated', rated);
      expect((await limiter.admitOrWait('rated', rated)).admitted).toBe(false);

      await limiter.admitOrWait('ep', unlimited);
      const waiting = Array.from({ length: 4 }, () => limiter.admitOrWait('ep', unlimited));
      expect((await limiter.admitOrWait('ep', unlimited)).admitted).toBe(false);
      jest.advanceTimersByTime(SLOT_WAIT_MAX_MS);
      await Promise.all(waiting);
    });
  });
});
