import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 4000 };

  it('stays closed below the threshold and opens at it', () => {
    const breaker = new CircuitBreaker(options);
    breaker.record('ep', false, 0);
    breaker.record('ep', false, 0);
    expect(breaker.blockedUntil('ep', 0)).toBeNull();
    breaker.record('ep', false, 0);
    expect(breaker.state('ep', 10)).toBe('open');
    expect(breaker.blockedUntil('ep', 10)).toBe(1000);
  });

  it('lets one probe through after the cooldown, holding the rest', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.record('ep', false, 0);
    expect(breaker.blockedUntil('ep', 1000)).toBeNull();
    expect(breaker.blockedUntil('ep', 1000)).toBe(2000);
  });

  it('closes when the probe succeeds', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.record('ep', false, 0);
    breaker.blockedUntil('ep', 1000);
    breaker.record('ep', true, 1100);
    expect(breaker.state('ep', 1100)).toBe('closed');
  });

  it('reopens for twice as long when the probe fails, up to the maximum', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.record('ep', false, 0);
    breaker.blockedUntil('ep', 1000);
    breaker.record('ep', false, 1000);
    expect(breaker.blockedUntil('ep', 1000)).toBe(3000);
    breaker.blockedUntil('ep', 3000);
    breaker.record('ep', false, 3000);
    expect(breaker.blockedUntil('ep', 3000)).toBe(7000);
    breaker.blockedUntil('ep', 7000);
    breaker.record('ep', false, 7000);
    expect(breaker.blockedUntil('ep', 7000)).toBe(11_000);
  });

  it('keeps endpoints apart', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.record('bad', false, 0);
    expect(breaker.blockedUntil('good', 0)).toBeNull();
  });

  it('counts endpoints by circuit state, closed ones included', () => {
    const breaker = new CircuitBreaker(options);
    breaker.record('healthy', true, 0);
    breaker.record('flaky', false, 0);
    for (let i = 0; i < 3; i++) breaker.record('down', false, 0);
    for (let i = 0; i < 3; i++) breaker.record('cooled', false, 0);
    expect(breaker.counts(10)).toEqual({ closed: 2, open: 2, 'half-open': 0 });
    expect(breaker.counts(1500)).toEqual({ closed: 2, open: 0, 'half-open': 2 });
    breaker.record('down', true, 1500);
    expect(breaker.counts(1500)).toEqual({ closed: 3, open: 0, 'half-open': 1 });
  });
});
