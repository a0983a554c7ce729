import { ChartFrame } from "./chart-frame";
import { CHART_HEIGHT, CHART_SLOT, ChartSvg } from "./chart-svg";
import type { ChartPoint, ChartText } from "./types";

const HEIGHT = CHART_HEIGHT;
const SLOT = CHART_SLOT;

/** A small responsive area chart in plain SVG (line + soft fill), with tooltips per bucket and a hidden data table. */
export function AreaChart({ id, text, points, maxDisplay }: { id: string; text: ChartText; points: ChartPoint[]; maxDisplay: string }) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const width = Math.max(1, points.length) * SLOT;
  const xy = points.map((point, i) => [i * SLOT + SLOT / 2, HEIGHT - (max > 0 ? (point.value / max) * (HEIGHT - 2) : 0)] as const);
  const line = xy.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x.toFixed(2)},${y.toFixed(2)}`).join(" ");
  const first = xy[0];
  const last = xy.at(-1);
  const area = first && last ? `${line} L${last[0].toFixed(2)},${HEIGHT} L${first[0].toFixed(2)},${HEIGHT} Z` : "";
  return (
    <ChartFrame id={id} text={text} points={points} max={maxDisplay}>
      <ChartSvg id={id} text={text} width={width}>
        {area ? <path d={area} className="fill-emerald-500/15 dark:fill-emerald-400/20" /> : null}
        {line ? (
          <path d={line} fill="none" className="stroke-emerald-600 dark:stroke-emerald-400" strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        ) : null}
        {points.map((point, i) => (
          <rect key={point.label} x={i * SLOT} y={0} width={SLOT} height={HEIGHT} className="fill-transparent">
            <title>{`${point.label}: ${point.display}`}</title>
          </rect>
        ))}
      </ChartSvg>
    </ChartFrame>
  );
}
