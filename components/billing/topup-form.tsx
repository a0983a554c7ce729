"use client";

import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format, type Locale } from "@/server/core/locale";
import { formatRub, formatRubCell, parseRubInput } from "@/server/core/format/rub";
import { TOPUP_INPUT_CODES, TOPUP_RULES } from "@/server/services/topups/topup-limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { topupMessages, type TopupMessages } from "./topup-messages";

/** Preset amounts in rubles. */
const PRESETS = [500, 1000, 5000] as const;

type ErrorCode =
  | "amount_not_kopecks"
  | "amount_too_small"
  | "amount_too_large"
  | "payments_unavailable"
  | "provider_error"
  | "unknown_error";

/** Rubles typed by a person → micro-rubles, or the error code the server would answer. */
function parseAmount(text: string): { micro: number } | { error: ErrorCode } {
  const parsed = parseRubInput(text, TOPUP_RULES);
  return parsed.ok ? { micro: parsed.micro } : { error: TOPUP_INPUT_CODES[parsed.error] };
}

const limitsText = (locale: Locale) => ({ min: formatRub(TOPUP_RULES.minMicro, locale), max: formatRub(TOPUP_RULES.maxMicro, locale) });

function errorText(m: TopupMessages, code: ErrorCode, locale: Locale): string {
  return format(m[code], limitsText(locale));
}

/** Top-up form: preset amounts or a custom one; on submit the browser goes to YooKassa's confirmation page. */
export function TopUpForm() {
  const m = useMessages(topupMessages);
  const locale = useLocale();
  const [preset, setPreset] = useState<number | undefined>(1000);
  const [custom, setCustom] = useState("");
  const [error, setError] = useState<ErrorCode | undefined>();
  const [busy, setBusy] = useState(false);

  const parsed = preset !== undefined ? { micro: preset * 1_000_000 } : custom.trim() ? parseAmount(custom) : undefined;
  const micro = parsed && "micro" in parsed ? parsed.micro : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!parsed) return setError("amount_not_kopecks");
    if ("error" in parsed) return setError(parsed.error);
    setError(undefined);
    setBusy(true);
    try {
      const amount = formatRubCell(parsed.micro, ".");
      const res = await fetch("/api/payments/topups", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amount }),
      });
      const body = (await res.json().catch(() => ({}))) as { confirmationUrl?: string; error?: string };
      if (res.ok && body.confirmationUrl) {
        window.location.assign(body.confirmationUrl);
        return;
      }
      const known: ErrorCode[] = [
        "amount_not_kopecks",
        "amount_too_small",
        "amount_too_large",
        "payments_unavailable",
        "provider_error",
      ];
      setError(known.includes(body.error as ErrorCode) ? (body.error as ErrorCode) : "unknown_error");
    } catch {
      setError("unknown_error");
    }
    setBusy(false);
  }

  return (
    <Card title={m.formTitle}>
      <form onSubmit={submit} className="flex flex-col gap-4" data-testid="topup-form">
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.formLead}</p>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{m.presets}</legend>
          <div className="flex flex-wrap gap-2">
            {PRESETS.map((rub) => (
              <Button
                key={rub}
                type="button"
                variant={preset === rub ? "primary" : "secondary"}
                aria-pressed={preset === rub}
                data-testid={`topup-preset-${rub}`}
                onClick={() => {
                  setPreset(rub);
                  setCustom("");
                  setError(undefined);
                }}
              >
                {formatRub(rub * 1_000_000, locale)}
              </Button>
            ))}
          </div>
        </fieldset>
        <Field
          id="topup-custom"
          label={m.custom}
          hint={format(m.customHint, limitsText(locale))}
          inputMode="decimal"
          autoComplete="off"
          value={custom}
          data-testid="topup-custom"
          onChange={(e) => {
            setCustom(e.target.value);
            setPreset(undefined);
            setError(undefined);
          }}
        />
        {error ? (
          <Alert tone="error" testId="topup-error">
            {errorText(m, error, locale)}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={busy} data-testid="topup-submit">
            {busy
              ? m.submitting
              : micro !== undefined
                ? format(m.submit, { amount: formatRub(micro, locale) })
                : m.submitEmpty}
          </Button>
        </div>
      </form>
    </Card>
  );
}
