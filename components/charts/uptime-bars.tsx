import { ChartDataTable } from "./chart-frame";
import type { ChartPoint, ChartText } from "./types";

export interface UptimePoint extends ChartPoint {
  /** Availability, 0..1 (ignored when `empty`). */
  value: number;
  /** A period without data: a grey bar. */
  empty?: boolean;
}

const HEIGHT = 24;
const SLOT = 4;

/** Green from 99 %, amber from 90 %, red below: the usual reading of a status page's bars. */
function tone(point: UptimePoint): string {
  if (point.empty) return "fill-slate-200 dark:fill-slate-700";
  if (point.value >= 0.99) return "fill-emerald-500 dark:fill-emerald-400";
  if (point.value >= 0.9) return "fill-amber-400";
  return "fill-red-500";
}

/**
 * A row of full-height bars, one per period (a day), coloured by availability, each with a native tooltip;
 * the first and last labels under it, and the data as a visually hidden table.
 */
export function UptimeBars({
  id,
  text,
  points,
  testId,
}: {
  id: string;
  text: ChartText;
  points: UptimePoint[];
  testId?: string;
}) {
  const width = Math.max(1, points.length) * SLOT;
  return (
    <figure className="flex flex-col gap-1" aria-labelledby={`${id}-caption`} data-testid={testId}>
      <figcaption id={`${id}-caption`} className="sr-only">
        {text.title}
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-8 w-full"
      >
        <title id={`${id}-title`}>{text.title}</title>
        <desc id={`${id}-desc`}>{text.description}</desc>
        {points.map((point, i) => (
          <rect
            key={point.label}
            x={i * SLOT + 0.5}
            y={0}
            width={SLOT - 1}
            height={HEIGHT}
            rx={0.6}
            className={tone(point)}
            data-testid="uptime-bar"
          >
            <title>{`${point.label}: ${point.display}`}</title>
          </rect>
        ))}
      </svg>
      <div className="flex justify-between gap-2 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
        <span>{points[0]?.label}</span>
        <span>{points.length > 1 ? points.at(-1)?.label : null}</span>
      </div>
      <ChartDataTable text={text} points={points} />
    </figure>
  );
}
