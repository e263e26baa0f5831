import { useEffect, useId, useMemo, useState } from 'react';
import type { RangeOption } from '../lib/rangeOptions';
import { SelectField } from './SelectField';

export interface CustomRange {
  /** Shop-local wall-clock times `yyyy-MM-ddTHH:mm`. */
  from: string;
  to: string;
}

export interface RangeSelectProps {
  ranges: readonly RangeOption[];
  value: number;
  onChange: (last: number) => void;
  /** The absolute range shown, or null for a preset. */
  custom: CustomRange | null;
  onCustom: (range: CustomRange) => void;
  /** What the from/to fields offer when a custom range is first opened (the last hour, shop time). */
  suggested: () => CustomRange;
  timeZone: string;
}

const CUSTOM = 'custom';

/** How far back the charts reach: a preset number of windows, or an absolute from/to range (shop time, in the URL). */
export function RangeSelect({ ranges, value, onChange, custom, onCustom, suggested, timeZone }: RangeSelectProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<CustomRange>(() => custom ?? { from: '', to: '' });
  useEffect(() => {
    if (custom) {
      setDraft(custom);
    }
  }, [custom]);
  const id = useId();
  const options = useMemo(() => [...ranges.map((r) => ({ value: String(r.last), label: r.label })), { value: CUSTOM, label: 'Custom from/to…' }], [ranges]);
  const open = editing || custom !== null;
  const valid = draft.from !== '' && draft.to !== '' && draft.from < draft.to;
  return (
    <>
      <SelectField
        label="Range"
        testId="range-select"
        value={open ? CUSTOM : String(value)}
        options={options}
        onChange={(v) => {
          if (v === CUSTOM) {
            setEditing(true);
            setDraft(custom ?? suggested());
          } else {
            setEditing(false);
            onChange(Number(v));
          }
        }}
      />
      {open && (
        <form
          className="custom-range"
          aria-label={`Custom range, ${timeZone} time`}
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) {
              onCustom(draft);
            }
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor={`${id}-from`}>
              From
            </label>
            <input id={`${id}-from`} className="field__select" type="datetime-local" data-testid="range-from" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-to`}>
              To
            </label>
            <input id={`${id}-to`} className="field__select" type="datetime-local" data-testid="range-to" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          <button type="submit" className="button" data-testid="range-apply" disabled={!valid}>
            Show
          </button>
        </form>
      )}
    </>
  );
}
