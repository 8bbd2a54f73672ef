import { Client } from 'pg';
import type { ListResponse, MessageAttemptOut, MessageOut } from '@hookstream/contracts';
import { RetentionJob } from '@hookstream/delivery-log';
import { useAllInOne } from './support/all-in-one-harness';
import { waitFor } from './support/test-environment';

describe('retention: old payloads expunged, old attempts pruned', () => {
  const h = useAllInOne({ HOOKSTREAM_PAYLOAD_RETENTION_DAYS: '7', HOOKSTREAM_ATTEMPT_RETENTION_DAYS: '30' });

  it('expunges payloads past their retention and deletes attempts past theirs, leaving newer ones', async () => {
    const app = await h.client.app('retention');
    await h.client.endpoint(app.id, { url: h.receiver.url('/kept') });
    for (const eventId of ['old', 'older', 'new']) {
      await h.client.publish(app.id, { eventType: 'render.completed', eventId, payload: { eventId } });
    }
    await waitFor(async () => {
      const counts = await Promise.all(['old', 'older', 'new'].map(async (id) => (await h.client.api.request<ListResponse<MessageAttemptOut>>('GET', `/api/v1/app/${app.id}/attempt/msg/${id}`)).body?.data?.length ?? 0));
      return counts.every((n) => n === 1);
    }, 15_000, 'three attempts');

    // Age the rows as if time had passed: 'old' is 10 days old, 'older' 40 days.
    const db = new Client({ connectionString: h.env.config.databaseUrl });
    await db.connect();
    for (const [eventId, days] of [['old', 10], ['older', 40]] as const) {
      await db.query(`UPDATE delivery_log.messages SET timestamp = now() - make_interval(days => $2) WHERE event_id = $1`, [eventId, days]);
      await db.query(
        `UPDATE delivery_log.attempts SET timestamp = now() - make_interval(days => $2) WHERE msg_id = (SELECT id FROM delivery_log.messages WHERE event_id = $1)`,
        [eventId, days],
      );
    }
    await db.end();

    const result = await h.hookstream.app.get(RetentionJob).runOnce();
    expect(result).toEqual({ expungedPayloads: 2, prunedAttempts: 1 });

    const message = (id: string) => h.client.api.request<MessageOut>('GET', `/api/v1/app/${app.id}/msg/${id}`);
    const attempts = async (id: string) => (await h.client.api.request<ListResponse<MessageAttemptOut>>('GET', `/api/v1/app/${app.id}/attempt/msg/${id}`)).body.data;
    expect((await message('new')).body.payload).toEqual({ eventId: 'new' });
    expect((await message('old')).body.payload).toEqual({});
    expect(await attempts('old')).toHaveLength(1);
    expect(await attempts('older')).toHaveLength(0);
    expect(await attempts('new')).toHaveLength(1);
  });
});
