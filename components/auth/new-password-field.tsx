"use client";

import { useState } from "react";
import { defineMessages, format } from "@/server/core/locale";
import { MIN_PASSWORD_LENGTH, passwordProblem, passwordStrength } from "@/server/core/password/rules";
import { useMessages } from "@/components/i18n/client";
import { Field } from "@/components/ui/field";

const messages = defineMessages({
  ru: {
    hint: "Не короче {min} символов и не из списка частых паролей.",
    strength: "Надёжность: {level}",
    tooShort: "ещё {left} симв.",
    tooLong: "слишком длинный",
    common: "слишком распространённый",
    level1: "слабый",
    level2: "средний",
    level3: "хороший",
    level4: "сильный",
  },
  en: {
    hint: "At least {min} characters, not a common password.",
    strength: "Strength: {level}",
    tooShort: "{left} more characters",
    tooLong: "too long",
    common: "too common",
    level1: "weak",
    level2: "fair",
    level3: "good",
    level4: "strong",
  },
});

const BAR = ["bg-red-500", "bg-orange-500", "bg-amber-500", "bg-lime-500", "bg-emerald-500"];

/** A new-password input with the rules and a strength hint that follows the typing (the server checks the same rules). */
export function NewPasswordField({ label, id = "password" }: { label: string; id?: string }) {
  const m = useMessages(messages);
  const [value, setValue] = useState("");
  const problem = passwordProblem(value);
  const strength = passwordStrength(value);
  const level = problem
    ? format(m[problem], { left: MIN_PASSWORD_LENGTH - value.length })
    : m[`level${strength}` as "level1" | "level2" | "level3" | "level4"];
  return (
    <div className="flex flex-col gap-1">
      <Field
        label={label}
        id={id}
        type="password"
        autoComplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        required
        value={value}
        onChange={(e) => setValue(e.target.value)}
        hint={format(m.hint, { min: MIN_PASSWORD_LENGTH })}
      />
      {value ? (
        <div className="flex items-center gap-2" data-testid="password-strength" data-level={strength} aria-live="polite">
          <div className="flex w-24 gap-0.5" aria-hidden>
            {[1, 2, 3, 4].map((n) => (
              <span key={n} className={`h-1.5 flex-1 rounded ${n <= Math.max(strength, 1) ? BAR[strength] : "bg-slate-200 dark:bg-slate-700"}`} />
            ))}
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">{format(m.strength, { level })}</p>
        </div>
      ) : null}
    </div>
  );
}
