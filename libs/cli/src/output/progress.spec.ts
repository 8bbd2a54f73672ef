import { Output, type CliIo } from './output';
import { progressBar } from './progress';

function io(isTTY: boolean): CliIo & { err: () => string } {
  let err = '';
  return { stdout: { write: () => true, isTTY }, stderr: { write: (text: string) => (err += text), isTTY }, env: {}, err: () => err };
}

describe('progressBar', () => {
  it('prints plain lines, without carriage returns or escape codes, when stderr is not a terminal', () => {
    const sink = io(false);
    const progress = progressBar(new Output(sink, false, true), 'recover qtask_1');
    progress.start(4);
    progress.update(3, 3);
    progress.stop();
    const lines = sink.err().split('\n').filter(Boolean);
    expect(lines[0]).toBe(`recover qtask_1 [${'-'.repeat(30)}] 0/4`);
    expect(lines[lines.length - 1]).toBe(`recover qtask_1 [${'#'.repeat(30)}] 3/3`);
    expect(sink.err()).not.toMatch(/[\r\u001b]/);
  });

  it('prints nothing in --json mode', () => {
    const sink = io(false);
    const progress = progressBar(new Output(sink, true, true), 'recover qtask_1');
    progress.start(2);
    progress.update(2);
    progress.stop();
    expect(sink.err()).toBe('');
  });
});
