import type { DeliveryTask, LogEvent } from '@hookstream/contracts';
import type { LogPublisher } from '@hookstream/platform';
import { SENDING_AFTER_MS, SendingAnnouncer } from './sending-announcer';

/** Records what would go on the LOG stream. */
class RecordingLog {
  readonly events: LogEvent[] = [];
  async publish(event: LogEvent): Promise<void> {
    this.events.push(event);
  }
}

const task = (msgId: string, attempt = 1) => ({ msgId, appId: 'app_1', endpointId: 'ep_1', attempt }) as DeliveryTask;

describe('SendingAnnouncer', () => {
  let log: RecordingLog;
  let announcer: SendingAnnouncer;
  beforeEach(() => {
    log = new RecordingLog();
    announcer = new SendingAnnouncer(log as unknown as LogPublisher);
  });
  afterEach(() => announcer.onModuleDestroy());

  const announced = () => log.events.map((event) => (event.type === 'delivery.sending' ? `${event.delivery.msgId}#${event.delivery.attemptNumber}` : event.type));

  it('announces nothing for a POST that ends quickly', () => {
    const ended = announcer.started(task('msg_fast'), 1000);
    announcer.sweep(1000 + SENDING_AFTER_MS - 1);
    ended();
    announcer.sweep(1000 + 10 * SENDING_AFTER_MS);
    expect(log.events).toEqual([]);
  });

  it('announces a long POST once, with the time it started', () => {
    announcer.started(task('msg_slow', 3), 1000);
    announcer.sweep(1000 + SENDING_AFTER_MS);
    announcer.sweep(1000 + 2 * SENDING_AFTER_MS);
    expect(announced()).toEqual(['msg_slow#3']);
    expect(log.events[0]).toMatchObject({ delivery: { appId: 'app_1', endpointId: 'ep_1', timestamp: new Date(1000).toISOString() } });
  });

  it('announces only the POSTs past the threshold', () => {
    announcer.started(task('msg_old'), 1000);
    announcer.started(task('msg_new'), 1400);
    announcer.sweep(1000 + SENDING_AFTER_MS);
    expect(announced()).toEqual(['msg_old#1']);
  });

  it('sweeps by itself while a POST runs', async () => {
    const ended = announcer.started(task('msg_timer'));
    await new Promise((resolve) => setTimeout(resolve, SENDING_AFTER_MS + 400));
    ended();
    expect(announced()).toEqual(['msg_timer#1']);
  });
});
