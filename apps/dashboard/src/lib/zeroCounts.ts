/** Every category with a zero count. */
export function zeroCounts(categories: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const category of categories) {
    counts[category] = 0;
  }
  return counts;
}
