import { DefaultZIndexes, usePlotArea, ZIndexLayer } from 'recharts';
import type { AlertMarker } from '../lib/alertMarkers';

export interface AlertMarkersProps {
  markers: readonly AlertMarker[];
  /** Rows (windows) on the x axis. */
  count: number;
  kind: 'bars' | 'areas';
}

/** Side of the flag drawn at the top of the window an alert opened at, px. */
const FLAG = 7;

/**
 * The alerts of the view on a time chart: a light band over the windows each alert concerns (under
 * the data) and a flag at the top of the window it opened at (over it), one `role="img"` group per
 * alert whose label says rule, branch, time, state and value (its `<title>` is the pointer hint).
 */
export function AlertMarkers({ markers, count, kind }: AlertMarkersProps) {
  const plot = usePlotArea();
  if (!plot || markers.length === 0 || count === 0) {
    return null;
  }
  const bars = kind === 'bars';
  // Bars: a window is a band of the x axis; areas: a point, its band half a step either side.
  const step = bars ? plot.width / count : count > 1 ? plot.width / (count - 1) : plot.width;
  const left = (i: number) => Math.max(plot.x, plot.x + i * step - (bars ? 0 : step / 2));
  const right = (i: number) => Math.min(plot.x + plot.width, plot.x + i * step + (bars ? step : step / 2));
  const centre = (i: number) => plot.x + i * step + (bars ? step / 2 : 0);
  return (
    <>
      <ZIndexLayer zIndex={DefaultZIndexes.cursorRectangle}>
        <g className="alert-bands" aria-hidden="true">
          {markers.map((m) => (
            <rect key={m.id} className={`alert-band alert-band--${m.rule}`} x={left(m.from)} y={plot.y} width={Math.max(1, right(m.to) - left(m.from))} height={plot.height} />
          ))}
        </g>
      </ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.line}>
        <g className="alert-markers">
          {markers.map((m) => {
            const x = centre(Math.max(0, m.opened));
            const y = plot.y;
            return (
              <g key={m.id} className={`alert-marker alert-marker--${m.rule} alert-marker--${m.state}`} role="img" aria-label={m.label} data-testid="alert-marker" data-alert-id={m.id} data-rule={m.rule}>
                <title>{m.label}</title>
                {m.opened >= 0 && <line className="alert-marker__line" x1={x} x2={x} y1={y} y2={y + plot.height} />}
                <path className="alert-marker__flag" d={`M${x - FLAG} ${y - FLAG - 2} L${x + FLAG} ${y - FLAG - 2} L${x} ${y} Z`} />
              </g>
            );
          })}
        </g>
      </ZIndexLayer>
    </>
  );
}
