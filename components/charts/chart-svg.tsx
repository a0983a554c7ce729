import type { ReactNode } from "react";
import type { ChartText } from "./types";

export const CHART_HEIGHT = 100;
/** Horizontal room per point, in viewBox units. */
export const CHART_SLOT = 10;

/** The SVG both charts draw in: accessible name and summary, and three grid lines. */
export function ChartSvg({ id, text, width, children }: { id: string; text: ChartText; width: number; children: ReactNode }) {
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
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
          y1={CHART_HEIGHT * f}
          y2={CHART_HEIGHT * f}
          className="stroke-slate-200 dark:stroke-slate-700"
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
          strokeDasharray={f === 1 ? undefined : "3 3"}
        />
      ))}
      {children}
    </svg>
  );
}
