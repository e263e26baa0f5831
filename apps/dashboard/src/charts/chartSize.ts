import type { CSSProperties } from 'react';

export interface ChartSizeProps {
  width?: number;
  height?: number;
  responsive?: boolean;
  style?: CSSProperties;
}

/** Fixed size when `width` is given (tests), else full container width at `height`. */
export function chartSize(height: number, width?: number): ChartSizeProps {
  return width !== undefined ? { width, height } : { responsive: true, style: { width: '100%', height } };
}
