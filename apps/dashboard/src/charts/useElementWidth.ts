import { useCallback, useRef, useState } from 'react';

/**
 * The width of an element, px (whole pixels), read when it is attached and kept up to date with a
 * ResizeObserver; null before. Attach the returned callback as the element's `ref`.
 */
export function useElementWidth<T extends HTMLElement>(): [(node: T | null) => void, number | null] {
  const [width, setWidth] = useState<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((node: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!node) {
      return;
    }
    setWidth(Math.floor(node.getBoundingClientRect().width));
    observer.current = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) {
        setWidth(Math.floor(entry.contentRect.width));
      }
    });
    observer.current.observe(node);
  }, []);
  return [ref, width];
}
