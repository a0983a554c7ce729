"use client";

import { useRouter } from "next/navigation";
import { chooseAccount } from "./choose-account";

const CREATE = "__create";

type Labels = { label: string; personal: string; organizations: string; create: string };

/**
 * The switcher's control: choosing an account sets the cookie and reloads the page, so every server-rendered part
 * (balance, keys, activity) is read again for it; "create" opens the new-organization page.
 */
export function AccountSelect({ current, organizations, labels }: { current: string; organizations: { id: string; name: string }[]; labels: Labels }) {
  const router = useRouter();
  const choose = (value: string) => {
    if (value === CREATE) router.push("/org/new");
    else chooseAccount(value || null, window.location.pathname + window.location.search);
  };
  return (
    <>
      <label className="sr-only" htmlFor="account-select">
        {labels.label}
      </label>
      <select
        id="account-select"
        data-testid="account-select"
        value={current}
        title={labels.label}
        onChange={(e) => choose(e.target.value)}
        className="w-28 truncate rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm sm:w-auto sm:max-w-52 dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="">{labels.personal}</option>
        {organizations.length > 0 ? (
          <optgroup label={labels.organizations}>
            {organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        <option value={CREATE}>{labels.create}</option>
      </select>
    </>
  );
}
