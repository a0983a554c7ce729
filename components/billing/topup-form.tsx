"use client";

import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { formatRubles, topupMessages, type TopupMessages } from "./topup-messages";

/** Preset amounts in rubles. */
const PRESETS = [500, 1000, 5000] as const;
/** Mirrors server/services/topups/create-topup.ts (TOPUP_MIN_MICRO / TOPUP_MAX_MICRO); the server decides. */
const MIN_RUB = 100;
const MAX_RUB = 100_000;

type ErrorCode =
  | "amount_not_kopecks"
  | "amount_too_small"
  | "amount_too_large"
  | "payments_unavailable"
  | "provider_error"
  | "unknown_error";

/** Rubles typed by a person → kopecks, or an error code (comma or dot, at most two decimals). */
function parseAmount(text: string): { kopecks: number } | { error: ErrorCode } {
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s/g, ""));
  if (!match) return { error: "amount_not_kopecks" };
  const kopecks = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (kopecks < MIN_RUB * 100) return { error: "amount_too_small" };
  if (kopecks > MAX_RUB * 100) return { error: "amount_too_large" };
  return { kopecks };
}

function errorText(m: TopupMessages, code: ErrorCode, locale: "ru" | "en"): string {
  const limits = { min: formatRubles(MIN_RUB * 1_000_000, locale), max: formatRubles(MAX_RUB * 1_000_000, locale) };
  return format(m[code], limits);
}

/** Top-up form: preset amounts or a custom one; on submit the browser goes to YooKassa's confirmation page. */
export function TopUpForm() {
  const m = useMessages(topupMessages);
  const locale = useLocale();
  const [preset, setPreset] = useState<number | undefined>(1000);
  const [custom, setCustom] = useState("");
  const [error, setError] = useState<ErrorCode | undefined>();
  const [busy, setBusy] = useState(false);

  const parsed = preset !== undefined ? { kopecks: preset * 100 } : custom.trim() ? parseAmount(custom) : undefined;
  const kopecks = parsed && "kopecks" in parsed ? parsed.kopecks : undefined;
  const limits = { min: formatRubles(MIN_RUB * 1_000_000, locale), max: formatRubles(MAX_RUB * 1_000_000, locale) };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!parsed) return setError("amount_not_kopecks");
    if ("error" in parsed) return setError(parsed.error);
    setError(undefined);
    setBusy(true);
    try {
      const amount = `${Math.floor(parsed.kopecks / 100)}.${String(parsed.kopecks % 100).padStart(2, "0")}`;
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
                {formatRubles(rub * 1_000_000, locale)} ₽
              </Button>
            ))}
          </div>
        </fieldset>
        <Field
          id="topup-custom"
          label={m.custom}
          hint={format(m.customHint, limits)}
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
              : kopecks !== undefined
                ? format(m.submit, { amount: formatRubles(kopecks * 10_000, locale) })
                : m.submitEmpty}
          </Button>
        </div>
      </form>
    </Card>
  );
}
