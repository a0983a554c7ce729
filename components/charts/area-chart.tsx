import { ChartFrame } from "./chart-frame";
import type { ChartPoint, ChartText } from "./types";

const HEIGHT = 100;
const SLOT = 10;

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
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-40 w-full overflow-visible"
      >
        <title id={`${id}-title`}>{text.title}</title>
        <desc id={`${id}-desc`}>{text.description}</desc>
        {[0, 0.5, 1].map((f) => (
          <line
            key={f}
            x1={0}
            x2={width}
            y1={HEIGHT * f}
            y2={HEIGHT * f}
            className="stroke-slate-200 dark:stroke-slate-700"
            strokeWidth={1}
            vectorEffect="non-scaling-stroke"
            strokeDasharray={f === 1 ? undefined : "3 3"}
          />
        ))}
        {area ? <path d={area} className="fill-emerald-500/15 dark:fill-emerald-400/20" /> : null}
        {line ? (
          <path d={line} fill="none" className="stroke-emerald-600 dark:stroke-emerald-400" strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        ) : null}
        {points.map((point, i) => (
          <rect key={point.label} x={i * SLOT} y={0} width={SLOT} height={HEIGHT} className="fill-transparent">
            <title>{`${point.label}: ${point.display}`}</title>
          </rect>
        ))}
      </svg>
    </ChartFrame>
  );
}
