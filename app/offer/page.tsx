import { LegalDocument, legalPageMetadata } from "@/components/legal/legal-document";

export const dynamic = "force-dynamic";

export const generateMetadata = () => legalPageMetadata("offer");

export default function OfferPage() {
  return <LegalDocument slug="offer" />;
}
