import { withDisabledReason } from './endpoint-settings';

const NOW = new Date('2026-01-01T12:00:00Z');

describe('withDisabledReason', () => {
  it('records a manual disable, now, when an enabled endpoint is disabled', () => {
    expect(withDisabledReason({ disabled: false }, { disabled: true }, NOW)).toEqual({ disabled: true, disabledReason: 'manual', disabledAt: NOW });
  });

  it('clears the reason when a disabled endpoint is enabled again', () => {
    expect(withDisabledReason({ disabled: true }, { disabled: false, url: 'http://x' }, NOW)).toEqual({
      disabled: false, url: 'http://x', disabledReason: null, disabledAt: null,
    });
  });

  it("keeps the recorded reason (e.g. the dispatcher's) when disabled does not change", () => {
    expect(withDisabledReason({ disabled: true }, { disabled: true }, NOW)).toEqual({ disabled: true });
    expect(withDisabledReason({ disabled: true }, { description: 'd' }, NOW)).toEqual({ description: 'd' });
  });
});
