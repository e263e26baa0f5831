import { useMemo } from 'react';
import type { RangeOption } from '../lib/rangeOptions';
import { SelectField } from './SelectField';

export interface RangeSelectProps {
  ranges: readonly RangeOption[];
  value: number;
  onChange: (last: number) => void;
}

/** How far back the charts reach, as a number of windows. */
export function RangeSelect({ ranges, value, onChange }: RangeSelectProps) {
  const options = useMemo(() => ranges.map((r) => ({ value: String(r.last), label: r.label })), [ranges]);
  return <SelectField label="Range" testId="range-select" value={String(value)} options={options} onChange={(v) => onChange(Number(v))} />;
}
