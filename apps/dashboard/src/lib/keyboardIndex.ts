/**
 * The window a key moves the chart's keyboard cursor to, over `count` windows (oldest first):
 * focus starts at the newest (`current` null), ←/→ step, Home/End jump; null for keys it ignores.
 */
export function keyboardIndex(key: string, current: number | null, count: number): number | null {
  if (count <= 0) {
    return null;
  }
  const at = current === null ? count - 1 : Math.min(current, count - 1);
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, at - 1);
    case 'ArrowRight':
      return Math.min(count - 1, at + 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
