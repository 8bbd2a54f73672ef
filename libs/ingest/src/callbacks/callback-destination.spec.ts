import { hasIdPrefix, type AppId } from '@hookstream/contracts';
import { callbackEndpointId } from './callback-destination';

describe('callbackEndpointId', () => {
  const app = 'app_01JZ0000000000000000000000' as AppId;

  it('is an ep_ id of the usual shape', () => {
    expect(hasIdPrefix(callbackEndpointId(app, 'https://customer.example/hooks/1'), 'ep')).toBe(true);
    expect(callbackEndpointId(app, 'https://customer.example/hooks/1')).toMatch(/^ep_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('is the same for the same app and URL, different otherwise', () => {
    const id = callbackEndpointId(app, 'https://customer.example/hooks/1');
    expect(callbackEndpointId(app, 'https://customer.example/hooks/1')).toBe(id);
    expect(callbackEndpointId(app, 'https://customer.example/hooks/2')).not.toBe(id);
    expect(callbackEndpointId('app_other' as AppId, 'https://customer.example/hooks/1')).not.toBe(id);
  });
});
