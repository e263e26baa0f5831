// Covers the gateway address named in messages: the dev server's proxy target, else the page's origin.
import { gatewayAddress } from './gatewayAddress';

describe('gatewayAddress', () => {
  afterEach(() => document.head.querySelector('meta[name="coffee-gateway"]')?.remove());

  it('is the page origin when the gateway serves the page', () => {
    expect(gatewayAddress(document, 'http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
  });

  it('is the proxied gateway under the dev server', () => {
    const meta = document.createElement('meta');
    meta.name = 'coffee-gateway';
    meta.content = 'http://127.0.0.1:3999';
    document.head.append(meta);
    expect(gatewayAddress(document, 'http://127.0.0.1:4200')).toBe('http://127.0.0.1:3999');
  });
});
