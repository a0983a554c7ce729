export interface ChartPoint {
  /** Human-readable bucket label, e.g. "10 мар., 14:00". */
  label: string;
  value: number;
  /** The value as shown to people, e.g. "1,50 ₽" (server/core/format). */
  display: string;
}

export interface ChartText {
  /** Short accessible name of the chart. */
  title: string;
  /** One-sentence summary read by screen readers (range, maximum, total). */
  description: string;
  /** Column headings of the visually hidden data table. */
  labelHeading: string;
  valueHeading: string;
}
