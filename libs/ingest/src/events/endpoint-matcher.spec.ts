import { endpointMatches, filterTypeMatches } from './endpoint-matcher';

const endpoint = { disabled: false, filterTypes: null, channels: null };

describe('endpointMatches', () => {
  it('sends every type to an endpoint without filterTypes', () => {
    expect(endpointMatches(endpoint, 'render.completed', undefined)).toBe(true);
  });

  it('sends only listed types to an endpoint with filterTypes', () => {
    const filtered = { ...endpoint, filterTypes: ['render.completed'] };
    expect(endpointMatches(filtered, 'render.completed', undefined)).toBe(true);
    expect(endpointMatches(filtered, 'render.failed', undefined)).toBe(false);
  });

  it('sends nothing to a disabled endpoint', () => {
    expect(endpointMatches({ ...endpoint, disabled: true }, 'render.completed', undefined)).toBe(false);
  });

  it('sends to an endpoint with channels only messages sharing one', () => {
    const scoped = { ...endpoint, channels: ['project.a'] };
    expect(endpointMatches(scoped, 'x', ['project.a', 'project.b'])).toBe(true);
    expect(endpointMatches(scoped, 'x', ['project.b'])).toBe(false);
    expect(endpointMatches(scoped, 'x', undefined)).toBe(false);
  });
});

describe('filterTypeMatches', () => {
  it.each([
    ['render.*', 'render.completed', true],
    ['render.*', 'render.job.failed', true],
    ['render.*', 'render', false],
    ['render.*', 'renders.completed', false],
    ['*', 'anything.at.all', true],
    ['render.completed', 'render.completed', true],
    ['render.completed', 'render.completedx', false],
  ])('%s against %s is %s', (filter, eventType, expected) => {
    expect(filterTypeMatches(filter, eventType)).toBe(expected);
  });

  it('routes wildcard filters through endpointMatches', () => {
    const wildcard = { ...endpoint, filterTypes: ['job.failed', 'render.*'] };
    expect(endpointMatches(wildcard, 'render.progress', undefined)).toBe(true);
    expect(endpointMatches(wildcard, 'job.failed', undefined)).toBe(true);
    expect(endpointMatches(wildcard, 'job.done', undefined)).toBe(false);
  });
});
