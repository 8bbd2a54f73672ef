import type { BindingEntity } from '../persistence/binding.entity';
import { boundEvent, resolvePointer, subjectMatches } from './bound-envelope';

const binding = {
  id: 'bind_1',
  subject: 'render.*.completed',
  eventType: 'render.completed',
  appIdPointer: '/tenantId',
  eventIdPointer: '/jobId',
  payloadPointer: '',
} as BindingEntity;

describe('subject bindings', () => {
  it('resolves JSON pointers', () => {
    const doc = { a: { 'b/c': [1, { d: 'x' }] } };
    expect(resolvePointer(doc, '')).toBe(doc);
    expect(resolvePointer(doc, '/a/b~1c/1/d')).toBe('x');
    expect(resolvePointer(doc, '/a/missing')).toBeUndefined();
  });

  it('matches NATS wildcards', () => {
    expect(subjectMatches('render.*.completed', 'render.job1.completed')).toBe(true);
    expect(subjectMatches('render.*.completed', 'render.job1.failed')).toBe(false);
    expect(subjectMatches('render.>', 'render.job1.completed')).toBe(true);
    expect(subjectMatches('render.>', 'render')).toBe(false);
    expect(subjectMatches('render.*', 'render.a.b')).toBe(false);
  });

  it('builds the envelope from the message', () => {
    const message = { tenantId: 'acme', jobId: 42, status: 'done' };
    expect(boundEvent(binding, message)).toEqual({
      appRef: 'acme',
      envelope: { eventType: 'render.completed', eventId: '42', payload: message },
    });
  });

  it('rejects a message without the app id', () => {
    expect(() => boundEvent(binding, { jobId: 'j' })).toThrow(/no app id/);
  });
});
