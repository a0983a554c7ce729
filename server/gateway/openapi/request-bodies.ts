/** The routing fields every model endpoint takes (OpenRouter's extras and prompt-cache affinity). */
export const routingFieldDocs: Record<string, [string, string]> = {
  models: [
    "OpenRouter's fallback list: up to 10 model ids tried in order when the first cannot answer.",
    "Список запасных моделей OpenRouter: до 10 id, пробуются по порядку, если первая не может ответить.",
  ],
  provider: [
    "OpenRouter's provider preferences: `order`, `only`, `ignore`, `allow_fallbacks`, `require_parameters`, `sort`, `max_price`.",
    "Предпочтения провайдеров OpenRouter: `order`, `only`, `ignore`, `allow_fallbacks`, `require_parameters`, `sort`, `max_price`.",
  ],
  prompt_cache_key: [
    "Conversation id: requests with the same key stay on one provider account, so its prompt cache keeps hitting.",
    "Id разговора: запросы с одним ключом идут в один аккаунт провайдера, и его кэш промптов продолжает срабатывать.",
  ],
  session_id: ["OpenRouter's name for `prompt_cache_key`.", "Название `prompt_cache_key` в OpenRouter."],
};

export const chatFieldDocs: Record<string, [string, string]> = {
  ...routingFieldDocs,
  model: ["Model id `<provider>/<model>` from GET /models.", "Id модели `<провайдер>/<модель>` из GET /models."],
  messages: [
    "The conversation: system, developer, user, assistant and tool messages; content is a string or text parts.",
    "Диалог: сообщения system, developer, user, assistant и tool; content — строка или массив текстовых частей.",
  ],
  temperature: [
    "Sampling temperature, 0–2 (scaled to the provider's range).",
    "Температура выборки, 0–2 (переводится в диапазон провайдера).",
  ],
  top_p: ["Nucleus sampling, 0–1.", "Nucleus sampling, 0–1."],
  max_tokens: ["Upper bound on generated tokens.", "Максимум генерируемых токенов."],
  max_completion_tokens: ["Same as `max_tokens` (the newer name).", "То же, что `max_tokens` (новое имя)."],
  stop: [
    "Up to 4 stop sequences; dropped for providers without them.",
    "До 4 стоп-последовательностей; отбрасываются, если провайдер их не умеет.",
  ],
  n: ["Only 1 is supported.", "Поддерживается только 1."],
  stream: [
    "Answer as server-sent events of `chat.completion.chunk`, ending with `data: [DONE]`.",
    "Отвечать потоком SSE из `chat.completion.chunk`, в конце `data: [DONE]`.",
  ],
  stream_options: [
    "`include_usage: true` adds a final chunk with `choices: []` and `usage` (with `cost_rub`).",
    "`include_usage: true` добавляет последний чанк с `choices: []` и `usage` (с `cost_rub`).",
  ],
  tools: ["Functions the model may call.", "Функции, которые модель может вызвать."],
  tool_choice: [
    "`none`, `auto`, `required` or a named function.",
    "`none`, `auto`, `required` или конкретная функция.",
  ],
  parallel_tool_calls: [
    "Allow several tool calls in one turn, where the provider can.",
    "Разрешить несколько вызовов за ход, если провайдер умеет.",
  ],
  response_format: [
    "`text`, `json_object` or `json_schema` (structured output).",
    "`text`, `json_object` или `json_schema` (структурированный ответ).",
  ],
  presence_penalty: ["-2…2.", "-2…2."],
  frequency_penalty: ["-2…2.", "-2…2."],
  seed: ["Best-effort determinism, where the provider supports it.", "Детерминизм, если провайдер поддерживает."],
  reasoning_effort: [
    "Turns on reasoning for models that think (T-Pro 2.0, Qwen3).",
    "Включает рассуждения у думающих моделей (T-Pro 2.0, Qwen3).",
  ],
  user: ["Your end-user id, for your own tracing.", "Id вашего конечного пользователя, для трассировки."],
  reasoning: [
    "OpenRouter's reasoning switch: `effort` (xhigh→high, none→minimal) or `max_tokens` (mapped to an effort: <2048 low, <8192 medium, else high) or `enabled`, sent as the provider's own switch; `exclude: true` leaves the reasoning text out of the answer (its tokens are still billed). Wins over `reasoning_effort`.",
    "Переключатель рассуждений OpenRouter: `effort` (xhigh→high, none→minimal), `max_tokens` (переводится в уровень: <2048 low, <8192 medium, иначе high) или `enabled` — передаётся собственным переключателем провайдера; `exclude: true` убирает текст рассуждений из ответа (токены всё равно оплачиваются). Главнее `reasoning_effort`.",
  ],
  include_reasoning: [
    "OpenRouter's older switch: `false` is `reasoning.exclude: true`.",
    "Старый переключатель OpenRouter: `false` — то же, что `reasoning.exclude: true`.",
  ],
  usage: [
    "OpenRouter's `{include: true}`: usage (with `cost` and `cost_rub`) is always in a JSON answer; in a stream it adds the final usage chunk, like `stream_options.include_usage`.",
    "`{include: true}` из OpenRouter: usage (с `cost` и `cost_rub`) всегда есть в JSON-ответе; в потоке добавляет последний чанк с usage, как `stream_options.include_usage`.",
  ],
};

export const embeddingsFieldDocs: Record<string, [string, string]> = {
  model: ["Embedding model id from GET /models.", "Id модели эмбеддингов из GET /models."],
  input: ["One text or up to 2048 texts.", "Один текст или до 2048 текстов."],
  encoding_format: [
    "`float` (default) or `base64` (little-endian float32, as the OpenAI SDKs request).",
    "`float` (по умолчанию) или `base64` (float32 little-endian, так просят SDK OpenAI).",
  ],
  user: ["Your end-user id.", "Id вашего конечного пользователя."],
};
