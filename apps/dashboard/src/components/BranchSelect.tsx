import { useMemo } from 'react';
import { SelectField } from './SelectField';

export interface BranchSelectProps {
  branches: readonly string[];
  value: string;
  onChange: (branch: string) => void;
}

const titleCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** "All branches" (`all`) and every branch; keeps an unknown selected branch (e.g. from the URL) listed, marked as such. */
export function BranchSelect({ branches, value, onChange }: BranchSelectProps) {
  const options = useMemo(() => {
    const names = value !== 'all' && !branches.includes(value) ? [...branches, value] : branches;
    return [{ value: 'all', label: 'All branches' }, ...names.map((b) => ({ value: b, label: branches.includes(b) ? titleCase(b) : `${b} (no such branch)` }))];
  }, [branches, value]);
  return <SelectField label="Branch" testId="branch-select" value={value} options={options} onChange={onChange} />;
}
