import type { ReactNode } from "react";
import type { ChartPoint, ChartText } from "./types";

/** Axis labels under a chart (first, middle, last bucket) and the data as a visually hidden table. */
export function ChartFrame({ id, text, points, max, children }: { id: string; text: ChartText; points: ChartPoint[]; max: string; children: ReactNode }) {
  const middle = points.length > 2 ? points[Math.floor((points.length - 1) / 2)] : undefined;
  return (
    <figure className="flex flex-col gap-1" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="sr-only">
        {text.title}
      </figcaption>
      <div className="flex justify-end text-xs text-slate-500 tabular-nums dark:text-slate-400" aria-hidden="true">
        {max}
      </div>
      {children}
      <div className="flex justify-between gap-2 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
        <span>{points[0]?.label}</span>
        {middle ? <span className="hidden sm:inline">{middle.label}</span> : null}
        <span>{points.length > 1 ? points.at(-1)?.label : null}</span>
      </div>
      <ChartDataTable text={text} points={points} />
    </figure>
  );
}

/**
 * A chart's data as a visually hidden table, for screen readers. The box around it is what is hidden: a table
 * ignores the 1px size `sr-only` gives it and would stretch the page (down and sideways) while invisible.
 */
export function ChartDataTable({ text, points }: { text: ChartText; points: ChartPoint[] }) {
  return (
    <div className="sr-only">
      <table>
        <caption>{text.title}</caption>
        <thead>
          <tr>
            <th scope="col">{text.labelHeading}</th>
            <th scope="col">{text.valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.label}>
              <th scope="row">{point.label}</th>
              <td>{point.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
