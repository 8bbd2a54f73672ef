import type { AppId, EndpointId, MessageId } from '../ids/ids';
import type { LogEvent } from './log-events';
import { logBatchDedupId, logBatchJson, logEventsOf, type LogMessageBody } from './log-messages';

const appId = 'app_1' as AppId;

function cancelled(n: number): LogEvent {
  return { type: 'delivery.cancelled', delivery: { msgId: `msg_${n}` as MessageId, appId, endpointId: 'ep_1' as EndpointId, reason: 'endpoint disabled', timestamp: '2026-01-01T00:00:00Z' } };
}

describe('LOG message bodies', () => {
  it('reads a single event as itself', () => {
    expect(logEventsOf(cancelled(1))).toEqual([cancelled(1)]);
  });

  it('reads a batch written from its events’ JSON back into those events, in order', () => {
    const events = [cancelled(1), cancelled(2), cancelled(3)];
    const body = JSON.parse(logBatchJson(events.map((event) => JSON.stringify(event)))) as LogMessageBody;
    expect(body.type).toBe('batch');
    expect(logEventsOf(body)).toEqual(events);
  });

  it('refuses a batch without an events array', () => {
    expect(() => logEventsOf({ type: 'batch' } as LogMessageBody)).toThrow('LOG batch without an events array');
  });
});

describe('logBatchDedupId', () => {
  it('is the same for the same events and differs when one event differs', () => {
    expect(logBatchDedupId(['atmpt:1', 'atmpt:2'])).toBe(logBatchDedupId(['atmpt:1', 'atmpt:2']));
    expect(logBatchDedupId(['atmpt:1', 'atmpt:2'])).not.toBe(logBatchDedupId(['atmpt:1', 'atmpt:3']));
  });

  it('does not confuse ids that concatenate to the same text', () => {
    expect(logBatchDedupId(['a', 'bc'])).not.toBe(logBatchDedupId(['ab', 'c']));
  });
});
