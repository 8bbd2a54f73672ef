import { CircuitBreaker, type CircuitState } from './circuit-breaker';

const ep = (endpointId: string) => ({ appId: 'app_1', endpointId });

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 4000 };

  it('stays closed below the threshold and opens at it', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    breaker.record(ep('ep'), false, 0);
    breaker.record(ep('ep'), false, 0);
    expect(breaker.blockedUntil(ep('ep'), 0)).toBeNull();
    breaker.record(ep('ep'), false, 0);
    expect(breaker.state('ep', 10)).toBe('open');
    expect(breaker.blockedUntil(ep('ep'), 10)).toBe(1000);
  });

  it('lets one probe through after the cooldown, holding the rest', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('ep'), false, 0);
    expect(breaker.blockedUntil(ep('ep'), 1000)).toBeNull();
    expect(breaker.blockedUntil(ep('ep'), 1000)).toBe(2000);
  });

  it('closes when the probe succeeds', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('ep'), false, 0);
    breaker.blockedUntil(ep('ep'), 1000);
    breaker.record(ep('ep'), true, 1100);
    expect(breaker.state('ep', 1100)).toBe('closed');
  });

  it('reopens for twice as long when the probe fails, up to the maximum', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('ep'), false, 0);
    breaker.blockedUntil(ep('ep'), 1000);
    breaker.record(ep('ep'), false, 1000);
    expect(breaker.blockedUntil(ep('ep'), 1000)).toBe(3000);
    breaker.blockedUntil(ep('ep'), 3000);
    breaker.record(ep('ep'), false, 3000);
    expect(breaker.blockedUntil(ep('ep'), 3000)).toBe(7000);
    breaker.blockedUntil(ep('ep'), 7000);
    breaker.record(ep('ep'), false, 7000);
    expect(breaker.blockedUntil(ep('ep'), 7000)).toBe(11_000);
  });

  it('spreads the tasks it holds over half the cooldown after it, so they do not all come back at once', () => {
    let draw = 0;
    const breaker = new CircuitBreaker(options, () => draw);
    for (let i = 0; i < 3; i++) breaker.record(ep('ep'), false, 0);
    const held = [0, 0.5, 0.999].map((value) => {
      draw = value;
      return breaker.blockedUntil(ep('ep'), 10);
    });
    expect(held).toEqual([1000, 1250, 1500]);
  });

  it('holds the tasks arriving while a probe is out until its answer is due, by the endpoint timeout', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('ep'), false, 0);
    expect(breaker.blockedUntil({ ...ep('ep'), timeoutMs: 15_000 }, 1000)).toBeNull();
    expect(breaker.blockedUntil(ep('ep'), 1200)).toBe(16_000);
  });

  it('lets the next task probe when a probe is never answered (its task handed back on shutdown)', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('ep'), false, 0);
    expect(breaker.blockedUntil(ep('ep'), 1000)).toBeNull();
    expect(breaker.blockedUntil(ep('ep'), 1999)).toBe(2000);
    expect(breaker.blockedUntil(ep('ep'), 2000)).toBeNull();
  });

  it('keeps endpoints apart', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('bad'), false, 0);
    expect(breaker.blockedUntil(ep('good'), 0)).toBeNull();
  });

  it('counts endpoints by circuit state, closed ones included', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    breaker.record(ep('healthy'), true, 0);
    breaker.record(ep('flaky'), false, 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('down'), false, 0);
    for (let i = 0; i < 3; i++) breaker.record(ep('cooled'), false, 0);
    expect(breaker.counts(10)).toEqual({ closed: 2, open: 2, 'half-open': 0 });
    expect(breaker.counts(1500)).toEqual({ closed: 2, open: 0, 'half-open': 2 });
    breaker.record(ep('down'), true, 1500);
    expect(breaker.counts(1500)).toEqual({ closed: 3, open: 0, 'half-open': 1 });
  });

  it('reports transitions only: opened, half-open when the probe goes out, reopened, closed', () => {
    const breaker = new CircuitBreaker(options, () => 0);
    const seen: Array<[string, CircuitState, number]> = [];
    breaker.onTransition((endpoint, state, at) => seen.push([endpoint.endpointId, state, at]));
    for (let i = 0; i < 4; i++) breaker.record(ep('ep'), false, 0);
    breaker.blockedUntil(ep('ep'), 500);
    breaker.blockedUntil(ep('ep'), 1000);
    breaker.blockedUntil(ep('ep'), 1000);
    breaker.record(ep('ep'), false, 1000);
    breaker.blockedUntil(ep('ep'), 3000);
    breaker.record(ep('ep'), true, 3100);
    breaker.record(ep('ep'), true, 3200);
    expect(seen).toEqual([
      ['ep', 'open', 0],
      ['ep', 'half-open', 1000],
      ['ep', 'open', 1000],
      ['ep', 'half-open', 3000],
      ['ep', 'closed', 3100],
    ]);
  });
});
