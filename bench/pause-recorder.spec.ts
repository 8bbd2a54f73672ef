import { summarisePauses } from './pause-probe-protocol';
import { PauseRecorder } from './pause-recorder';

function recorder(maxKept = 100): PauseRecorder {
  return new PauseRecorder({ tickMs: 5, lateMs: 30, maxKept }, 1000);
}

describe('PauseRecorder', () => {
  it('keeps nothing while the ticks come on time or a little late', () => {
    const probe = recorder();
    for (const at of [1005, 1010, 1020, 1050]) probe.tick(at); // the last one 25 ms late: busy, not paused
    expect(probe.during(0, 2000)).toEqual([]);
  });

  it('keeps a tick 30 ms or more late as a pause as long as the whole gap', () => {
    const probe = recorder();
    probe.tick(1005);
    probe.tick(1145);
    probe.tick(1150);
    expect(probe.during(0, 2000)).toEqual([{ endedAt: 1145, ms: 140 }]);
  });

  it('answers with the pauses that overlap the window asked about, even in part', () => {
    const probe = recorder();
    for (const at of [1100, 1105, 1300, 1305, 1500]) probe.tick(at);
    expect(probe.during(1000, 1102).map((pause) => pause.endedAt)).toEqual([1100]);
    expect(probe.during(1250, 1260).map((pause) => pause.endedAt)).toEqual([1300]);
    expect(probe.during(1101, 1104)).toEqual([]);
    expect(summarisePauses(probe.during(0, 2000))).toEqual({ count: 3, longestMs: 195, totalMs: 490 });
  });

  it('stops keeping pauses once it holds its bound', () => {
    const probe = recorder(2);
    for (const at of [1100, 1200, 1300]) probe.tick(at);
    expect(probe.during(0, 2000)).toHaveLength(2);
  });
});
