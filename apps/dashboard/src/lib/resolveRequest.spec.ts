// Covers resolveRequest: the history a URL selection asks for, with unknown resolutions and ranges replaced by the defaults.
import { configWithDefaults } from './configWithDefaults';
import { resolveRequest } from './resolveRequest';

const config = configWithDefaults();

describe('resolveRequest', () => {
  it.each([
    ['nothing chosen: base windows, last 10 min', { branch: 'all', resolution: '', last: 0 }, { branch: 'all', resolution: '30s', last: 20 }],
    ['a known resolution and range', { branch: 'sunae', resolution: '1h', last: 168 }, { branch: 'sunae', resolution: '1h', last: 168 }],
    ['a range that does not fit the resolution', { branch: 'sunae', resolution: '1m', last: 20 }, { branch: 'sunae', resolution: '1m', last: 60 }],
    ['an unknown resolution', { branch: 'all', resolution: '5m', last: 60 }, { branch: 'all', resolution: '30s', last: 60 }],
  ])('%s', (_, selection, request) => {
    expect(resolveRequest(selection, config)).toEqual(request);
  });

  it('follows the configured window size', () => {
    expect(resolveRequest({ branch: 'all', resolution: '', last: 0 }, configWithDefaults({ windowSizeSeconds: 10 }))).toEqual({ branch: 'all', resolution: '10s', last: 60 });
  });
});
