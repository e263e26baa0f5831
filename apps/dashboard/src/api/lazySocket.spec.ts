// Covers LazySocket: what the hook does before socket.io has loaded is applied once it has; a close or a failed load before then.
import { body, FakeSocket } from '../test/fixtures';
import { LazySocket } from './lazySocket';

const deferred = () => {
  let resolve!: (socket: FakeSocket) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<FakeSocket>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const settle = () => new Promise((done) => setTimeout(done, 0));
/** A LazySocket whose client library is still loading; `loading` settles the load. */
const pendingLazy = () => {
  const loading = deferred();
  return { loading, lazy: new LazySocket(() => loading.promise) };
};

describe('LazySocket', () => {
  it('attaches listeners and connects once the real socket has loaded', async () => {
    const { loading, lazy } = pendingLazy();
    const onConnect = jest.fn();
    const onStats = jest.fn();
    lazy.on('connect', onConnect).on('stats', onStats);
    lazy.connect();
    expect(lazy.connected).toBe(false);
    expect(lazy.active).toBe(true);

    const socket = new FakeSocket();
    loading.resolve(socket);
    await settle();
    expect(socket.connectCalls).toBe(1);
    socket.fire('connect');
    expect(onConnect).toHaveBeenCalledTimes(1);
    expect(lazy.connected).toBe(true);
    const update = body({ branch: 'all', date: '20231115061300' });
    socket.fire('stats', update);
    expect(onStats).toHaveBeenCalledWith(update);

    lazy.emit('subscribe', { branches: ['sunae'] });
    expect(socket.emitted).toEqual([{ event: 'subscribe', payload: { branches: ['sunae'] } }]);
  });

  it('forwards calls made after the load straight to the socket', async () => {
    const socket = new FakeSocket();
    const lazy = new LazySocket(() => Promise.resolve(socket));
    await settle();
    const onDisconnect = jest.fn();
    lazy.on('disconnect', onDisconnect);
    lazy.connect();
    expect(socket.connectCalls).toBe(1);
    socket.fire('connect');
    socket.fire('disconnect');
    expect(onDisconnect).toHaveBeenCalledTimes(1);
    lazy.disconnect();
    expect(lazy.active).toBe(false);
  });

  it('never connects or listens when closed before the load finished', async () => {
    const { loading, lazy } = pendingLazy();
    const onConnect = jest.fn();
    lazy.on('connect', onConnect);
    lazy.connect();
    lazy.disconnect();
    expect(lazy.active).toBe(false);
    const socket = new FakeSocket();
    loading.resolve(socket);
    await settle();
    expect(socket.connectCalls).toBe(0);
    socket.fire('connect');
    expect(onConnect).not.toHaveBeenCalled();
  });

  it('reports a connect_error and stops being active when the client library fails to load', async () => {
    const { loading, lazy } = pendingLazy();
    const onError = jest.fn();
    const onConnect = jest.fn();
    lazy.on('connect_error', onError).on('connect', onConnect);
    lazy.connect();
    loading.reject(new Error('chunk failed'));
    await settle();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onConnect).not.toHaveBeenCalled();
    expect(lazy.active).toBe(false);
    expect(lazy.connected).toBe(false);
  });

  it('drops listeners removed before the load', async () => {
    const { loading, lazy } = pendingLazy();
    const onStats = jest.fn();
    lazy.on('stats', onStats);
    lazy.removeAllListeners();
    const socket = new FakeSocket();
    loading.resolve(socket);
    await settle();
    socket.fire('stats', body({ branch: 'all', date: '20231115061300' }));
    expect(onStats).not.toHaveBeenCalled();
  });
});
