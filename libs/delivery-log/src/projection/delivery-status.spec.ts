import { FreshStatusFilter, type DeliveryStatusChange } from './delivery-status';

const change = (status: DeliveryStatusChange['status'], attemptNumber?: number): DeliveryStatusChange => ({
  appId: 'app_1', msgId: 'msg_1', endpointId: 'ep_1', status, attemptNumber, timestamp: '2026-01-01T00:00:00Z',
});

describe('FreshStatusFilter', () => {
  it('passes pending → sending → success in order', () => {
    const filter = new FreshStatusFilter();
    expect([change('pending'), change('sending', 1), change('succeeded', 1)].map((c) => filter.accept(c))).toEqual([true, true, true]);
  });

  it('drops a sending that arrives after its own attempt’s outcome, and a pending from acceptance arriving late', () => {
    const filter = new FreshStatusFilter();
    expect(filter.accept(change('succeeded', 1))).toBe(true);
    expect(filter.accept(change('sending', 1))).toBe(false);
    expect(filter.accept(change('pending'))).toBe(false);
  });

  it('passes the next attempt after a failure', () => {
    const filter = new FreshStatusFilter();
    filter.accept(change('pending', 1));
    expect(filter.accept(change('sending', 2))).toBe(true);
    expect(filter.accept(change('failed', 2))).toBe(true);
  });
});
