"use client";

import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useMessages } from "@/components/i18n/client";
import { defineMessages } from "@/server/core/locale";

const messages = defineMessages({ ru: { signOut: "Выйти" }, en: { signOut: "Log out" } });

export function SignOutButton() {
  const m = useMessages(messages);
  const router = useRouter();
  // No redirect through next-auth: it would build the URL from NEXTAUTH_URL rather than the host in use.
  const leave = async () => {
    await signOut({ redirect: false });
    router.push("/");
    router.refresh();
  };
  return (
    <button
      type="button"
      data-testid="sign-out"
      onClick={() => void leave()}
      className="whitespace-nowrap rounded-md px-2 py-1.5 text-left hover:bg-slate-100 header:py-1 dark:hover:bg-slate-800"
    >
      {m.signOut}
    </button>
  );
}
