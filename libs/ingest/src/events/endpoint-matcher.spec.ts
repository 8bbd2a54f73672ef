import { endpointMatches } from './endpoint-matcher';

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
