import type { ConnectionStatus as Status } from '../hooks/useLiveStats';
import type { RangeOption } from '../lib/rangeOptions';
import type { CustomRange } from './RangeSelect';
import { BranchSelect } from './BranchSelect';
import { ConnectionStatus } from './ConnectionStatus';
import { RangeSelect } from './RangeSelect';
import { ResolutionSelect } from './ResolutionSelect';

export interface HeaderProps {
  branches: readonly string[];
  branch: string;
  onBranchChange: (branch: string) => void;
  resolutions: readonly string[];
  resolution: string;
  onResolutionChange: (resolution: string) => void;
  ranges: readonly RangeOption[];
  last: number;
  onRangeChange: (last: number) => void;
  customRange: CustomRange | null;
  onCustomRange: (range: CustomRange) => void;
  suggestedRange: () => CustomRange;
  status: Status;
  updatedAt: number | null;
  timeZone: string;
}

/** Brand, view controls and the connection indicator. */
export function Header(props: HeaderProps) {
  return (
    <header className="header">
      <div className="header__brand">
        <svg className="header__logo" viewBox="0 0 32 32" aria-hidden="true">
          <circle cx="16" cy="16" r="15" />
          <path d="M9 13h12v5a6 6 0 0 1-12 0zM21 14h2a2.5 2.5 0 0 1 0 5h-2" />
        </svg>
        <div>
          <h1 className="header__title">Coffee Pulse</h1>
          <p className="header__subtitle">Live orders across the chain</p>
        </div>
      </div>
      <div className="header__controls">
        <BranchSelect branches={props.branches} value={props.branch} onChange={props.onBranchChange} />
        <ResolutionSelect resolutions={props.resolutions} value={props.resolution} onChange={props.onResolutionChange} />
        <RangeSelect
          ranges={props.ranges}
          value={props.last}
          onChange={props.onRangeChange}
          custom={props.customRange}
          onCustom={props.onCustomRange}
          suggested={props.suggestedRange}
          timeZone={props.timeZone}
        />
      </div>
      <ConnectionStatus status={props.status} updatedAt={props.updatedAt} timeZone={props.timeZone} />
    </header>
  );
}
