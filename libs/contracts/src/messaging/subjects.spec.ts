import { streamDefinitions, streamNames } from './streams';
import { Subjects } from './subjects';
import { deliveryTaskDedupId } from '../tasks/delivery-task';

describe('Subjects', () => {
  const subjects = new Subjects('hookstream');

  it('places every subject under the prefix', () => {
    expect(subjects.events('app_1')).toBe('hookstream.events.app_1');
    expect(subjects.delivery('app_1', 'ep_1')).toBe('hookstream.deliveries.app_1.ep_1');
    expect(subjects.ops('app_1', 'endpoint.disabled')).toBe('hookstream.ops.app_1.endpoint.disabled');
    expect(subjects.rejected('app_1')).toBe('hookstream.rejected.app_1');
    expect(subjects.rpc('signer.sign')).toBe('hookstream.rpc.signer.sign');
  });

  it('refuses a prefix that is not one subject token', () => {
    expect(() => new Subjects('a.b')).toThrow(/HOOKSTREAM_PREFIX/);
    expect(() => new Subjects('a b')).toThrow(/HOOKSTREAM_PREFIX/);
  });

  it('gives two prefixes streams whose names and subjects do not overlap', () => {
    const a = streamDefinitions(new Subjects('one'));
    const b = streamDefinitions(new Subjects('two'));
    const names = new Set([...a, ...b].map((s) => s.name));
    expect(names.size).toBe(8);
    const subjectsA = a.flatMap((s) => s.config.subjects);
    expect(b.flatMap((s) => s.config.subjects).some((s) => subjectsA.includes(s))).toBe(false);
    expect(streamNames(new Subjects('one')).events).toBe('ONE_EVENTS');
  });
});

describe('deliveryTaskDedupId', () => {
  it('is <msgId>:<endpointId> for the first attempt and numbered for retries', () => {
    const task = { msgId: 'msg_1' as never, endpointId: 'ep_1' as never, trigger: 'scheduled' as const };
    expect(deliveryTaskDedupId({ ...task, attempt: 1 })).toBe('msg_1:ep_1');
    expect(deliveryTaskDedupId({ ...task, attempt: 3 })).toBe('msg_1:ep_1:3');
  });

  it('keeps retries of manual attempts apart from scheduled ones and from each other', () => {
    const manual = { msgId: 'msg_1' as never, endpointId: 'ep_1' as never, trigger: 'manual' as const, attempt: 2 };
    expect(deliveryTaskDedupId({ ...manual, notBefore: 5 })).toBe('msg_1:ep_1:manual:2:5');
    expect(deliveryTaskDedupId({ ...manual, notBefore: 6 })).not.toBe(deliveryTaskDedupId({ ...manual, notBefore: 5 }));
  });
});
