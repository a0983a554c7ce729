import { LegalDocument, legalPageMetadata } from "@/components/legal/legal-document";

export const dynamic = "force-dynamic";

export const generateMetadata = () => legalPageMetadata("consent");

export default function ConsentPage() {
  return <LegalDocument slug="consent" />;
}
