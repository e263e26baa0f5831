// Test setup. Async queries wait up to 5 s (live updates are batched, cards staggered; the machine is shared).
// jsdom gaps: ResizeObserver (recharts' responsive sizing; a no-op is enough for fixed-size test charts) and
// TextDecoder/TextEncoder (used at import time by @coffee/order-schema, present in every browser).
import { configure } from '@testing-library/dom';
import { TextDecoder, TextEncoder } from 'node:util';

configure({ asyncUtilTimeout: 5000 });

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const define = (name: string, value: unknown) => {
  if (!(name in globalThis)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
  }
};

define('ResizeObserver', ResizeObserverStub);
define('TextDecoder', TextDecoder);
define('TextEncoder', TextEncoder);
