import { useEffect, useState } from 'react';
import type { Theme } from '../lib/palettes';

const QUERY = '(prefers-color-scheme: dark)';
const current = (): Theme => (typeof window.matchMedia === 'function' && window.matchMedia(QUERY).matches ? 'dark' : 'light');

/** The colour scheme the page follows (`prefers-color-scheme`), live. */
export function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(current);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') {
      return undefined;
    }
    const media = window.matchMedia(QUERY);
    const onChange = () => setTheme(current());
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return theme;
}
