import { defineMessages } from "@/server/core/locale";

export const inviteMessages = defineMessages({
  ru: {
    title: "Приглашение в организацию",
    lead: "Вас пригласили в организацию «{org}» в XRouter с ролью «{role}».",
    forEmail: "Приглашение для {email}, действует до {date}.",
    accept: "Принять приглашение",
    login: "Войти и принять",
    signup: "Зарегистрироваться",
    otherEmail: "Вы вошли как {email}, а приглашение отправлено на {invited}. Войдите с этим адресом.",
    invalid: "Ссылка недействительна.",
    status_accepted: "Это приглашение уже принято.",
    status_revoked: "Это приглашение отозвано.",
    status_expired: "Срок приглашения истёк. Попросите прислать новое.",
    status_pending: "Приглашение ожидает ответа.",
    failed: "Не удалось принять приглашение: оно недействительно или отправлено на другой адрес.",
  },
  en: {
    title: "Invitation to an organization",
    lead: "You are invited to the organization “{org}” on XRouter as {role}.",
    forEmail: "The invitation is for {email}, valid until {date}.",
    accept: "Accept the invitation",
    login: "Log in and accept",
    signup: "Sign up",
    otherEmail: "You are logged in as {email}, but the invitation was sent to {invited}. Log in with that address.",
    invalid: "This link is not valid.",
    status_accepted: "This invitation has already been accepted.",
    status_revoked: "This invitation was revoked.",
    status_expired: "This invitation has expired. Ask for a new one.",
    status_pending: "The invitation awaits an answer.",
    failed: "Could not accept the invitation: it is not valid or was sent to another address.",
  },
});
