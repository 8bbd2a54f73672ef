import type { AppId, AttemptId, EndpointId, MessageId } from '../ids/ids';
import { logEventIds, type AttemptRecord } from './log-events';

const appId = 'app_1' as AppId;
const msgId = 'msg_1' as MessageId;
const endpointId = 'ep_1' as EndpointId;

describe('logEventIds', () => {
  it('gives an attempt its message, endpoint, attempt and trace ids, and nothing of its response', () => {
    const attempt = { id: 'atmpt_1' as AttemptId, appId, msgId, endpointId, response: 'body with a token', traceId: 'a'.repeat(32) } as AttemptRecord;
    expect(logEventIds({ type: 'attempt.made', attempt })).toEqual({ appId, msgId, endpointId, attemptId: 'atmpt_1', traceId: 'a'.repeat(32) });
  });

  it('gives a message its app and message ids, not its payload', () => {
    const message = { id: msgId, appId, eventType: 't', eventId: null, payload: { secret: 'x' }, channels: null, tags: null, timestamp: '' };
    expect(logEventIds({ type: 'message.accepted', message, endpointIds: [endpointId] })).toEqual({ appId, msgId });
  });

  it('gives deliveries their endpoint', () => {
    const delivery = { msgId, appId, endpointId, reason: 'endpoint disabled', timestamp: '' };
    expect(logEventIds({ type: 'delivery.cancelled', delivery })).toEqual({ appId, msgId, endpointId });
  });
});
