import type { DeadLetterOut, ListResponse } from '@hookstream/contracts';
import { useAllInOne } from './support/all-in-one-harness';
import { waitFor } from './support/test-environment';

// A poison message is retried with a growing delay (1, 2, 4, 8 s) before it is dead-lettered on its 5th delivery.
jest.setTimeout(60_000);

describe('dead letters: a consumer moves past a message that keeps failing', () => {
  const h = useAllInOne({ LOG_LEVEL: 'fatal' });

  /** An `attempt.made` whose timestamp Postgres refuses (SQLSTATE 22007): it can never be projected. */
  function poisonAttempt(appId: string) {
    return {
      type: 'attempt.made',
      attempt: {
        id: 'atmpt_poison', msgId: 'msg_poison', appId, endpointId: 'ep_poison', url: 'http://127.0.0.1/x', attemptNumber: 1,
        trigger: 'scheduled', outcome: 'failed', responseStatusCode: 0, response: '', responseDurationMs: 0, error: null,
        timestamp: 'not a timestamp', final: true,
      },
    };
  }

  it('dead-letters a LOG event the projection cannot apply, keeps projecting what follows, and lists it', async () => {
    const app = await h.client.app('Poisoned');
    const js = h.env.nats.jetstream();
    await js.publish(`${h.env.prefix}.log.${app.id}.attempt.made`, JSON.stringify(poisonAttempt(app.id)));
    const after = await h.client.app('Created after the poison');

    // The projection did not wait for the poison to be given up on.
    const listed = await h.client.api.request('GET', `/api/v1/app/${after.id}/msg`);
    expect(listed.status).toBe(200);

    const deadLetters = await waitFor(async () => {
      const { body } = await h.client.api.request<ListResponse<DeadLetterOut>>('GET', '/api/v1/dead-letter?consumer=delivery-log');
      return body.data.length > 0 && body.data;
    }, 40_000, 'the dead letter');
    expect(deadLetters).toEqual([
      expect.objectContaining({ consumer: 'delivery-log', appId: app.id, deliveries: 5, subject: `${h.env.prefix}.log.${app.id}.attempt.made` }),
    ]);
    expect(deadLetters[0].reason).toMatch(/timestamp|time zone|date/i);
    expect(deadLetters[0].excerpt).toContain('not a timestamp');

    const forApp = await h.client.api.request<ListResponse<DeadLetterOut>>('GET', `/api/v1/app/${app.id}/dead-letter`);
    expect(forApp.body.data.map((d) => d.id)).toEqual([deadLetters[0].id]);
    const forOther = await h.client.api.request<ListResponse<DeadLetterOut>>('GET', `/api/v1/app/${after.id}/dead-letter`);
    expect(forOther.body.data).toEqual([]);

    const metrics = await (await fetch(`${h.hookstream.url}/metrics`)).text();
    expect(metrics).toMatch(/hookstream_dead_letters_total\{consumer="delivery-log"\} 1/);

    const { body: token } = await h.client.api.request<{ token: string }>('POST', `/api/v1/auth/app-portal-access/${app.id}`, {});
    const asApp = await h.client.api.request('GET', '/api/v1/dead-letter', undefined, token.token);
    expect(asApp.status).toBe(403);
  });
});
