import { useMemo } from 'react';
import { SelectField } from './SelectField';

const LABELS: Record<string, string> = { '1m': '1 minute', '1h': '1 hour', '1d': '1 day' };

const label = (id: string) => LABELS[id] ?? (/^\d+s$/.test(id) ? `${id.slice(0, -1)} seconds` : id);

export interface ResolutionSelectProps {
  resolutions: readonly string[];
  value: string;
  onChange: (resolution: string) => void;
}

/** Window size of the charts: the base window (`30s`) or a rollup (`1m`, `1h`, `1d`). */
export function ResolutionSelect({ resolutions, value, onChange }: ResolutionSelectProps) {
  const options = useMemo(() => resolutions.map((r) => ({ value: r, label: label(r) })), [resolutions]);
  return <SelectField label="Resolution" testId="resolution-select" value={value} options={options} onChange={onChange} />;
}
