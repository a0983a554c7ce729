import { UserDetail } from "./user-detail";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("adminUser");

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <UserDetail id={id} />;
}
