import { defineMessages } from "@/server/core/locale";

export const messages = defineMessages({
  ru: {
    metaTitle: "Быстрый старт — XRouter",
    title: "Быстрый старт",
    description: "XRouter говорит на API OpenAI: подключите любой OpenAI SDK, сменив базовый URL и ключ.",
    baseUrl: "Базовый URL",
    onThisPage: "На этой странице",
    keyTitle: "1. Получите ключ",
    keyText:
      "Зарегистрируйтесь, откройте раздел «Ключи» и создайте ключ — он начинается с xr- и показывается один раз. Сохраните его в переменной окружения.",
    keyCli: "Администратор сервера может создать ключ из командной строки:",
    signup: "Регистрация",
    keys: "Ключи",
    curlTitle: "2. Первый запрос: curl",
    curlText: "Запрос к /chat/completions в формате OpenAI; в ответе usage.cost_rub — стоимость в рублях.",
    pythonTitle: "Python (openai)",
    jsTitle: "JavaScript (openai)",
    sdkText: "Официальный SDK OpenAI работает без изменений: укажите base URL и ключ XRouter.",
    aiSdkTitle: "Vercel AI SDK",
    aiSdkText: "Через @ai-sdk/openai-compatible или createOpenAI({ baseURL, apiKey }).chat(model) из @ai-sdk/openai.",
    langchainTitle: "LangChain",
    langchainText: "ChatOpenAI с базовым URL XRouter: configuration.baseURL в JavaScript, base_url в Python.",
    streamingTitle: "Потоковая передача",
    streamingText:
      "С stream: true ответ приходит событиями SSE (chat.completion.chunk) и заканчивается data: [DONE]. С stream_options.include_usage последний чанк содержит usage и стоимость.",
    toolsTitle: "Инструменты (function calling)",
    toolsText:
      "Передайте tools, выполните вызов у себя и верните результат сообщением role: tool с тем же tool_call_id. Поддержка инструментов у моделей указана в каталоге.",
    embeddingsTitle: "Эмбеддинги",
    embeddingsText: "Строка или массив строк; ответ — один список векторов в порядке входа с общим расходом.",
    moreTitle: "Что дальше",
    moreHeaders:
      "Каждый ответ несёт заголовок x-request-id, а вызовы моделей — x-xrouter-provider и x-xrouter-model. Параметры, которые провайдер не поддерживает, перечислены в x-xrouter-dropped-params.",
    moreGeneration: "Токены, стоимость и задержку завершённого запроса вернёт GET /generation:",
    moreModels: "Список моделей с ценами — публичный GET /models:",
    moreLinks: "Подробнее — в справочнике API и на странице ошибок.",
  },
  en: {
    metaTitle: "Quickstart — XRouter",
    title: "Quickstart",
    description: "XRouter speaks the OpenAI API: plug in any OpenAI SDK by changing the base URL and the key.",
    baseUrl: "Base URL",
    onThisPage: "On this page",
    keyTitle: "1. Get a key",
    keyText:
      "Sign up, open Keys and create a key: it starts with xr- and is shown once. Keep it in an environment variable.",
    keyCli: "A server administrator can create one from the command line:",
    signup: "Sign up",
    keys: "Keys",
    curlTitle: "2. First request: curl",
    curlText: "An OpenAI-style request to /chat/completions; usage.cost_rub in the reply is its cost in rubles.",
    pythonTitle: "Python (openai)",
    jsTitle: "JavaScript (openai)",
    sdkText: "The official OpenAI SDK works unchanged: set the base URL and your XRouter key.",
    aiSdkTitle: "Vercel AI SDK",
    aiSdkText:
      "Through @ai-sdk/openai-compatible, or createOpenAI({ baseURL, apiKey }).chat(model) from @ai-sdk/openai.",
    langchainTitle: "LangChain",
    langchainText: "ChatOpenAI with XRouter's base URL: configuration.baseURL in JavaScript, base_url in Python.",
    streamingTitle: "Streaming",
    streamingText:
      "With stream: true the reply arrives as server-sent events (chat.completion.chunk) ending with data: [DONE]. With stream_options.include_usage the last chunk carries usage and cost.",
    toolsTitle: "Tools (function calling)",
    toolsText:
      "Pass tools, run the call on your side and send the result back as a role: tool message with the same tool_call_id. The catalog shows which models support tools.",
    embeddingsTitle: "Embeddings",
    embeddingsText:
      "A string or an array of strings; one list of vectors comes back, in input order, with total usage.",
    moreTitle: "Next steps",
    moreHeaders:
      "Every response carries x-request-id, and model calls x-xrouter-provider and x-xrouter-model. Parameters the provider cannot honour are listed in x-xrouter-dropped-params.",
    moreGeneration: "GET /generation returns the tokens, cost and latency of a finished request:",
    moreModels: "The model list with prices is public, GET /models:",
    moreLinks: "More in the API reference and on the errors page.",
  },
});
