import { describe, expect, it } from 'vitest';
import { circuitTitle, disabledText, formatRate } from './endpoint-health';

const AT = '2026-01-01T12:00:00Z';

describe('endpoint health texts', () => {
  it('formats a success rate, and a dash before any attempt', () => {
    expect(formatRate(0.75)).toBe('75%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(null)).toBe('—');
  });

  it('says why a disabled endpoint is disabled and since when, and nothing for an enabled one', () => {
    expect(disabledText({ disabled: true, disabledReason: 'gone', disabledAt: AT })).toBe(`The endpoint answered 410 Gone, since ${new Date(AT).toLocaleString()}`);
    expect(disabledText({ disabled: true, disabledReason: 'manual', disabledAt: null })).toBe('Disabled by an operator or API client');
    expect(disabledText({ disabled: true, disabledReason: 'failing', disabledAt: null })).toMatch(/kept failing/);
    expect(disabledText({ disabled: true, disabledReason: 'receiver-requested', disabledAt: null })).toMatch(/webhook-delivery: disable/);
    expect(disabledText({ disabled: true, disabledReason: null, disabledAt: null })).toBe('Disabled (no reason recorded)');
    expect(disabledText({ disabled: false, disabledReason: null, disabledAt: null })).toBeNull();
  });

  it('names who reported the circuit and when, or that none ever opened it', () => {
    expect(circuitTitle({ state: 'open', since: AT, replicaId: 'pod-a/7' })).toBe(`Reported ${new Date(AT).toLocaleString()} by dispatcher pod-a/7`);
    expect(circuitTitle({ state: 'closed', since: null, replicaId: null })).toBe('No dispatcher has opened this circuit');
  });
});
