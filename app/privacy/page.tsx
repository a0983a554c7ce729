import { LegalDocument, legalPageMetadata } from "@/components/legal/legal-document";

export const dynamic = "force-dynamic";

export const generateMetadata = () => legalPageMetadata("privacy");

export default function PrivacyPage() {
  return <LegalDocument slug="privacy" />;
}
