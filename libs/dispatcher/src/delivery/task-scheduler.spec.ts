import { Subjects } from '@hookstream/contracts';
import { DUE_LATER_MS, parkingSubject } from './task-scheduler';

describe('parkingSubject', () => {
  const subjects = new Subjects('hs');
  const now = 1_700_000_000_000;
  const task = (dueInMs: number) => ({ appId: 'app_1', endpointId: 'ep_1', notBefore: now + dueInMs });

  it('parks what is due within a minute (deferrals, a first retry) on retries', () => {
    expect(parkingSubject(subjects, task(50), now)).toBe('hs.retries.app_1.ep_1');
    expect(parkingSubject(subjects, task(5_000), now)).toBe('hs.retries.app_1.ep_1');
    expect(parkingSubject(subjects, task(DUE_LATER_MS - 1), now)).toBe('hs.retries.app_1.ep_1');
  });

  it('parks what is due a minute or more away on later', () => {
    expect(parkingSubject(subjects, task(DUE_LATER_MS), now)).toBe('hs.later.app_1.ep_1');
    expect(parkingSubject(subjects, task(3_600_000), now)).toBe('hs.later.app_1.ep_1');
  });

  it('treats a task without a due time, or one already due, as due soon', () => {
    expect(parkingSubject(subjects, { appId: 'app_1', endpointId: 'ep_1' }, now)).toBe('hs.retries.app_1.ep_1');
    expect(parkingSubject(subjects, task(-1_000), now)).toBe('hs.retries.app_1.ep_1');
  });
});
