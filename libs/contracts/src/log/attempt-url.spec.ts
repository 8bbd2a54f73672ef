import { attemptUrl } from './attempt-url';

describe('attemptUrl', () => {
  it('drops the credentials of an endpoint URL and keeps the rest', () => {
    expect(attemptUrl('https://user:s3cr%40t@hooks.example.com:8443/in?x=1#f')).toBe('https://hooks.example.com:8443/in?x=1#f');
    expect(attemptUrl('https://token@hooks.example.com/in')).toBe('https://hooks.example.com/in');
  });

  it('leaves a URL without credentials, or one it cannot parse, as it is', () => {
    expect(attemptUrl('https://hooks.example.com/in')).toBe('https://hooks.example.com/in');
    expect(attemptUrl('not a url')).toBe('not a url');
  });
});
