import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { adminMessages } from "./messages";
import { UsersTable } from "./users-table";

export default async function AdminPage() {
  const m = await getMessages(adminMessages);
  return (
    <>
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      <UsersTable />
    </>
  );
}
