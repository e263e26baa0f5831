const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** `1,234`; with `fraction`, one decimal (`3.5`). */
export function formatNumber(value: number, fraction = false): string {
  return (fraction ? decimal : integer).format(value);
}
