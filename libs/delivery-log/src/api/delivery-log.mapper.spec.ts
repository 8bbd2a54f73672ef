import type { AttemptProjection } from '../persistence/entities';
import { toAttemptOut } from './delivery-log.mapper';

const attempt = {
  id: 'atmpt_1',
  msgId: 'msg_1',
  endpointId: 'ep_1',
  url: 'http://127.0.0.1/hook',
  trigger: 'scheduled',
  outcome: 'succeeded',
  responseStatusCode: 200,
  response: 'ok',
  responseDurationMs: 12,
  error: null,
  timestamp: new Date('2026-01-01T00:00:00Z'),
} as AttemptProjection;

describe('toAttemptOut', () => {
  it('maps a success to Svix status 0 / "success" and trigger 0', () => {
    expect(toAttemptOut(attempt)).toMatchObject({ status: 0, statusText: 'success', triggerType: 0, timestamp: '2026-01-01T00:00:00.000Z' });
  });

  it('maps a failed manual attempt without response to status 2, trigger 1, and shows the error', () => {
    const failed = { ...attempt, outcome: 'failed', trigger: 'manual', responseStatusCode: 0, response: '', error: 'timeout: no response' } as AttemptProjection;
    expect(toAttemptOut(failed)).toMatchObject({ status: 2, statusText: 'fail', triggerType: 1, response: 'timeout: no response' });
  });
});
