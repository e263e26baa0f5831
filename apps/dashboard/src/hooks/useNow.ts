import { useEffect, useState } from 'react';

/** The current time (epoch ms), refreshed every `periodMs`; `fixed` pins it (tests). */
export function useNow(periodMs: number, fixed?: number): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (fixed !== undefined) {
      setNow(fixed);
      return undefined;
    }
    const id = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(id);
  }, [periodMs, fixed]);
  return now;
}
