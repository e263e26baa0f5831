export interface RankedCategory {
  category: string;
  total: number;
  /** Share of the grand total, 0..1 (0 when the grand total is 0). */
  share: number;
}

/** Categories by total, largest first; ties keep `order` (vocabulary order), then by name. */
export function rankTotals(totals: Readonly<Record<string, number>>, order: readonly string[] = []): RankedCategory[] {
  const grand = Object.values(totals).reduce((a, b) => a + b, 0);
  const position = (c: string) => {
    const i = order.indexOf(c);
    return i === -1 ? order.length : i;
  };
  return Object.entries(totals)
    .map(([category, total]) => ({ category, total, share: grand > 0 ? total / grand : 0 }))
    .sort((a, b) => b.total - a.total || position(a.category) - position(b.category) || a.category.localeCompare(b.category));
}
