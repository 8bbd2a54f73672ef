import { errorDetail } from './error-detail';
import { apiPath } from './api-path';
import { withQuery } from './hookstream-api';

describe('errorDetail', () => {
  it("shows the API's code and detail", () => {
    expect(errorDetail('{"code":"not_found","detail":"Application \\"nope\\" not found"}')).toEqual({ code: 'not_found', detail: 'Application "nope" not found' });
  });

  it('lists 422 field errors by field', () => {
    const body = JSON.stringify({ code: 'validation', detail: [{ loc: ['body', 'url'], msg: 'url must be a URL', type: 'value_error' }, { loc: ['body', 'retrySchedule', '0'], msg: 'too small' }] });
    expect(errorDetail(body)).toEqual({ code: 'validation', detail: 'url: url must be a URL; retrySchedule.0: too small' });
  });

  it('shows a non-JSON body as shortened text', () => {
    expect(errorDetail('<html>Bad Gateway</html>')).toEqual({ code: 'error', detail: '<html>Bad Gateway</html>' });
    expect(errorDetail('x'.repeat(1000)).detail).toHaveLength(300);
    expect(errorDetail('').detail).toBe('(empty body)');
  });
});

describe('request paths', () => {
  it('URL-encodes interpolated ids', () => {
    expect(apiPath`/app/${'renders'}/msg/${'job_a1b2:done'}`).toBe('/app/renders/msg/job_a1b2%3Adone');
    expect(apiPath`/event-type/${'a/b'}`).toBe('/event-type/a%2Fb');
  });

  it('adds only the query parameters that are set', () => {
    expect(withQuery('/app', { limit: 5, iterator: undefined, include_archived: true, channel: '' })).toBe('/app?limit=5&include_archived=true');
    expect(withQuery('/app', {})).toBe('/app');
  });
});
