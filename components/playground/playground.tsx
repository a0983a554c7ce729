"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { useBalanceChanged } from "@/components/billing/use-balance-changed";
import { playgroundMessages } from "@/components/playground/messages";
import { format } from "@/server/core/locale";
import { useLocale, useMessages } from "@/components/i18n/client";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { formatRub } from "@/server/core/format/rub";
import { MAX_OUTPUT_TOKENS, type PlaygroundMessage } from "@/server/services/playground/types";
import { withoutEmptyAnswer } from "./errors";
import type { SnippetRequest } from "./snippets";
import { Transcript } from "./transcript";
import { ViewCode } from "./view-code";

export interface PlaygroundModel {
  id: string;
  name: string;
  provider: string;
  inputMicroPer1M: number;
  outputMicroPer1M: number;
  /** Whether the model takes tools (function calling). */
  tools: boolean;
}

interface Settings {
  system: string;
  temperature: number;
  maxOutputTokens: string;
}

const DEFAULT_MODELS = ["gigachat/GigaChat-2", "yandex/yandexgpt-lite"];
/**
 * An answer's charge is booked off the hot path, in batches every 200 ms (server/billing/charges.ts): the balance
 * is read again a little after the answer ends, not at once.
 */
const CHARGE_BOOKED_MS = 1_000;

/** The request body for one chat: the shared settings with that chat's model (read when a message is sent). */
function requestBody(model: string, settings: Settings) {
  const maxOutputTokens = Number.parseInt(settings.maxOutputTokens, 10);
  return {
    model,
    system: settings.system.trim() ? settings.system : undefined,
    temperature: settings.temperature,
    maxOutputTokens: Number.isFinite(maxOutputTokens) && maxOutputTokens > 0 ? Math.min(maxOutputTokens, MAX_OUTPUT_TOKENS) : undefined,
  };
}

/** Holds the latest model and settings for a transport's `body()`, which runs at send time, outside render. */
function latestBody(model: string, settings: Settings) {
  let latest = { model, settings };
  return {
    update: (model: string, settings: Settings) => void (latest = { model, settings }),
    read: () => requestBody(latest.model, latest.settings),
  };
}

/** A chat whose transport reads the current model and settings when a message is sent. */
function usePlaygroundChat(id: string, model: string, settings: Settings) {
  const [{ body, transport }] = useState(() => {
    const body = latestBody(model, settings);
    return { body, transport: new DefaultChatTransport<PlaygroundMessage>({ api: "/api/playground/chat", body: body.read }) };
  });
  useEffect(() => body.update(model, settings), [body, model, settings]);
  const balanceChanged = useBalanceChanged();
  const chat = useChat<PlaygroundMessage>({
    id,
    transport,
    experimental_throttle: 30,
    onFinish: () => void setTimeout(balanceChanged, CHARGE_BOOKED_MS),
  });
  const { error, messages, setMessages } = chat;
  useEffect(() => {
    if (!error) return;
    const kept = withoutEmptyAnswer(messages);
    if (kept !== messages) setMessages(kept);
  }, [error, messages, setMessages]);
  return chat;
}

function ModelSelect({
  id,
  label,
  value,
  onChange,
  models,
  testId,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  models: PlaygroundModel[];
  testId: string;
}) {
  const m = useMessages(playgroundMessages);
  const locale = useLocale();
  const providers = [...new Set(models.map((model) => model.provider))];
  const selected = models.find((model) => model.id === value);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} data-testid={testId} aria-describedby={`${id}-hint`}>
        {providers.map((provider) => (
          <optgroup key={provider} label={provider}>
            {models
              .filter((model) => model.provider === provider)
              .map((model) => (
                <option key={model.id} value={model.id}>
                  {model.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      {selected ? (
        <p id={`${id}-hint`} className="text-xs break-words text-slate-500 dark:text-slate-400">
          {format(m.modelHint, { id: selected.id, input: formatRub(selected.inputMicroPer1M, locale, { precision: "request" }), output: formatRub(selected.outputMicroPer1M, locale, { precision: "request" }) })}
        </p>
      ) : null}
    </div>
  );
}

/** Text-only history of a conversation plus the draft, as the public API would receive it. */
function snippetRequest(model: string, settings: Settings, messages: PlaygroundMessage[], draft: string): SnippetRequest {
  const body = requestBody(model, settings);
  const history: SnippetRequest["messages"] = [];
  if (body.system) history.push({ role: "system", content: body.system });
  for (const message of messages) {
    const content = message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
    if (content && message.role !== "system") history.push({ role: message.role, content });
  }
  if (draft.trim()) history.push({ role: "user", content: draft.trim() });
  if (history.every((message) => message.role !== "user")) history.push({ role: "user", content: "Привет!" });
  return { model, messages: history, temperature: body.temperature, maxTokens: body.maxOutputTokens };
}

export function Playground({ models }: { models: PlaygroundModel[] }) {
  const m = useMessages(playgroundMessages);
  const pick = (preferred: string, not?: string) =>
    models.find((model) => model.id === preferred && model.id !== not)?.id ?? models.find((model) => model.id !== not)?.id ?? models[0]!.id;
  const [modelA, setModelA] = useState(() => pick(DEFAULT_MODELS[0]!));
  const [modelB, setModelB] = useState(() => pick(DEFAULT_MODELS[1]!, pick(DEFAULT_MODELS[0]!)));
  const [settings, setSettings] = useState<Settings>({ system: "", temperature: 0.7, maxOutputTokens: "" });
  const [compare, setCompare] = useState(false);
  const [showCode, setShowCode] = useState(false);
  const [draft, setDraft] = useState("");

  const chatA = usePlaygroundChat("playground-a", modelA, settings);
  const chatB = usePlaygroundChat("playground-b", modelB, settings);
  const chats = compare ? [chatA, chatB] : [chatA];
  const busy = chats.some((chat) => chat.status === "submitted" || chat.status === "streaming");
  const hasMessages = chats.some((chat) => chat.messages.length > 0);

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    setDraft("");
    for (const chat of chats) void chat.sendMessage({ text });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) send(e);
  };
  const stop = () => {
    for (const chat of chats) void chat.stop();
  };
  const clear = () => {
    for (const chat of [chatA, chatB]) {
      void chat.stop();
      chat.setMessages([]);
      chat.clearError();
    }
  };
  const set = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
  const label = (model: string) => format(m.transcript, { model });
  const toolModels = models.filter((model) => model.tools).map((model) => model.name);

  return (
    <div className="grid gap-6 lg:grid-cols-[17rem_minmax(0,1fr)]">
      <aside
        aria-label={m.settings}
        className="flex h-fit flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 className="text-base font-semibold">{m.settings}</h2>
        <ModelSelect id="playground-model" label={compare ? m.modelA : m.model} value={modelA} onChange={setModelA} models={models} testId="playground-model" />
        {compare ? (
          <ModelSelect id="playground-model-b" label={m.modelB} value={modelB} onChange={setModelB} models={models} testId="playground-model-b" />
        ) : null}
        <label className="flex cursor-pointer items-start gap-3">
          <input
            type="checkbox"
            role="switch"
            aria-checked={compare}
            checked={compare}
            onChange={(e) => setCompare(e.target.checked)}
            disabled={busy}
            data-testid="compare-toggle"
            className="mt-0.5 size-4 accent-indigo-600"
          />
          <span className="flex flex-col">
            <span className="text-sm font-medium">{m.compare}</span>
            <span className="text-xs text-slate-500 dark:text-slate-400">{m.compareHint}</span>
          </span>
        </label>
        <div className="flex flex-col gap-1">
          <label htmlFor="playground-system" className="text-sm font-medium">
            {m.system}
          </label>
          <textarea
            id="playground-system"
            rows={4}
            value={settings.system}
            onChange={(e) => set({ system: e.target.value })}
            placeholder={m.systemPlaceholder}
            className={`${inputClass} resize-y`}
            data-testid="playground-system"
          />
        </div>
        <div className="flex flex-col gap-1">
          <div className="flex items-center justify-between">
            <label htmlFor="playground-temperature" className="text-sm font-medium">
              {m.temperature}
            </label>
            <output htmlFor="playground-temperature" className="text-sm tabular-nums text-slate-600 dark:text-slate-300">
              {settings.temperature.toFixed(1)}
            </output>
          </div>
          <input
            id="playground-temperature"
            type="range"
            min={0}
            max={2}
            step={0.1}
            value={settings.temperature}
            onChange={(e) => set({ temperature: Number(e.target.value) })}
            className="w-full accent-indigo-600"
            data-testid="playground-temperature"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="playground-max-tokens" className="text-sm font-medium">
            {m.maxTokens}
          </label>
          <input
            id="playground-max-tokens"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_OUTPUT_TOKENS}
            step={1}
            value={settings.maxOutputTokens}
            onChange={(e) => set({ maxOutputTokens: e.target.value })}
            placeholder="—"
            className={inputClass}
            aria-describedby="playground-max-tokens-hint"
            data-testid="playground-max-tokens"
          />
          <p id="playground-max-tokens-hint" className="text-xs text-slate-500 dark:text-slate-400">
            {m.maxTokensHint}
          </p>
        </div>
      </aside>

      <div className="flex min-w-0 flex-col gap-4">
        <div className={compare ? "grid gap-4 md:grid-cols-2" : "grid"}>
          <Transcript
            label={label(modelA)}
            messages={chatA.messages}
            status={chatA.status}
            error={chatA.error}
            onRetry={() => void chatA.regenerate()}
            toolModels={toolModels}
            testId="transcript-a"
          />
          {compare ? (
            <Transcript
              label={label(modelB)}
              messages={chatB.messages}
              status={chatB.status}
              error={chatB.error}
              onRetry={() => void chatB.regenerate()}
              toolModels={toolModels}
              testId="transcript-b"
            />
          ) : null}
        </div>

        <form onSubmit={send} className="flex flex-col gap-2">
          <label htmlFor="playground-input" className="sr-only">
            {m.input}
          </label>
          <textarea
            id="playground-input"
            rows={3}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder={m.inputPlaceholder}
            className={`${inputClass} resize-y`}
            data-testid="playground-input"
          />
          <div className="flex flex-wrap items-center gap-2">
            {busy ? (
              <Button type="button" variant="danger" onClick={stop} data-testid="playground-stop">
                {m.stop}
              </Button>
            ) : (
              <Button type="submit" disabled={!draft.trim()} data-testid="playground-send">
                {m.send}
              </Button>
            )}
            <Button type="button" variant="secondary" onClick={clear} disabled={!hasMessages} data-testid="playground-clear">
              {m.clear}
            </Button>
            <Button
              type="button"
              variant="secondary"
              className="ml-auto"
              aria-expanded={showCode}
              aria-controls="playground-code"
              onClick={() => setShowCode((v) => !v)}
              data-testid="view-code"
            >
              {showCode ? m.hideCode : m.viewCode}
            </Button>
          </div>
        </form>

        <div id="playground-code">{showCode ? <ViewCode request={snippetRequest(modelA, settings, chatA.messages, draft)} /> : null}</div>
      </div>
    </div>
  );
}
