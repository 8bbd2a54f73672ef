import { renderStatusEvent } from './tail.command';

describe('tail lines', () => {
  const event = { msgId: 'msg_1', endpointId: 'ep_1', status: 'succeeded', statusText: 'success', timestamp: '2026-01-15T10:30:00.000Z' };

  it('shows time, message, endpoint and status, with the attempt and HTTP status when the change came from one', () => {
    expect(renderStatusEvent({ ...event, attemptNumber: 2, responseStatusCode: 200 })).toBe('2026-01-15T10:30:00.000Z  msg_1  → ep_1  success   attempt 2, HTTP 200');
    expect(renderStatusEvent({ ...event, status: 'pending', statusText: 'pending' })).toBe('2026-01-15T10:30:00.000Z  msg_1  → ep_1  pending ');
  });

  it('colours the status by outcome', () => {
    const painted: string[] = [];
    renderStatusEvent({ ...event, statusText: 'fail' }, (color, text) => {
      painted.push(`${color}:${text.trim()}`);
      return text;
    });
    expect(painted).toEqual(['red:fail']);
  });
});
