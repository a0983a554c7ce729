import { format, type Locale } from "@/server/core/locale";
import { formatRub, KOPECK_MICRO, type RubOptions } from "@/server/core/format/rub";
import { rubMessages } from "@/server/core/format/rub-messages";

/**
 * An amount on a page. A request's cost is shown exact (`0,00046 ₽`) and a total rounded to kopecks; either way,
 * when the digits go past kopecks, the tooltip gives the exact amount and says totals are rounded.
 */
export function Rub({ micro, locale, className, testId, ...options }: RubOptions & { micro: number; locale: Locale; className?: string; testId?: string }) {
  const exact = micro % KOPECK_MICRO !== 0;
  const title = exact
    ? format(rubMessages[locale].exactAmount, { amount: formatRub(micro, locale, { precision: "request", signed: options.signed }) })
    : undefined;
  return (
    <span className={className} title={title} data-testid={testId} data-micro={micro}>
      {formatRub(micro, locale, options)}
    </span>
  );
}
