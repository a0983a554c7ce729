import { ChartFrame } from "./chart-frame";
import { CHART_HEIGHT, CHART_SLOT, ChartSvg } from "./chart-svg";
import type { ChartPoint, ChartText } from "./types";

const HEIGHT = CHART_HEIGHT;
const SLOT = CHART_SLOT;

/**
 * A small responsive bar chart in plain SVG: one bar per point, a native tooltip (<title>) on each bar,
 * an accessible name and summary, and the data as a visually hidden table for screen readers.
 */
export function BarChart({ id, text, points, maxDisplay, className = "fill-indigo-500 dark:fill-indigo-400" }: { id: string; text: ChartText; points: ChartPoint[]; maxDisplay: string; className?: string }) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const width = Math.max(1, points.length) * SLOT;
  const gap = points.length > 60 ? 1 : 2.5;
  return (
    <ChartFrame id={id} text={text} points={points} max={maxDisplay}>
      <ChartSvg id={id} text={text} width={width}>
        {points.map((point, i) => {
          const h = max > 0 ? (point.value / max) * HEIGHT : 0;
          return (
            <g key={point.label}>
              {/* A full-height transparent slot so the tooltip also works over short bars. */}
              <rect x={i * SLOT} y={0} width={SLOT} height={HEIGHT} className="fill-transparent">
                <title>{`${point.label}: ${point.display}`}</title>
              </rect>
              {h > 0 ? (
                <rect x={i * SLOT + gap / 2} y={HEIGHT - Math.max(h, 1)} width={SLOT - gap} height={Math.max(h, 1)} className={`${className} pointer-events-none`} />
              ) : null}
            </g>
          );
        })}
      </ChartSvg>
    </ChartFrame>
  );
}
