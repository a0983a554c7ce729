import { defineMessages } from "@/server/core/locale";

export const errorPageMessages = defineMessages({
  ru: {
    notFoundTitle: "Страница не найдена",
    notFoundLead: "Такой страницы нет: возможно, ссылка устарела или в адресе опечатка.",
    errorTitle: "Что-то пошло не так",
    errorLead: "Страница не загрузилась из-за ошибки на нашей стороне. Попробуйте ещё раз; если не поможет — напишите в поддержку и укажите код ошибки.",
    errorDigest: "Код ошибки: {digest}",
    retry: "Попробовать снова",
    home: "На главную",
    keys: "К ключам",
  },
  en: {
    notFoundTitle: "Page not found",
    notFoundLead: "There is no such page: the link may be out of date or the address mistyped.",
    errorTitle: "Something went wrong",
    errorLead: "The page failed to load because of an error on our side. Try again; if that does not help, write to support with the error code.",
    errorDigest: "Error code: {digest}",
    retry: "Try again",
    home: "Home",
    keys: "Go to keys",
  },
});
