/** A party of a document as printed: an organization or sole trader with its tax numbers and address. */
export interface DocumentParty {
  name: string;
  inn: string;
  /** Organizations only; a sole trader has none. */
  kpp?: string | null;
  address: string;
}

/** The seller's bank account: printed on the invoice and encoded in its payment QR. */
export interface PayeeBank {
  bankName: string;
  bik: string;
  account: string;
  corrAccount: string;
}

/** `7701234567 / 770101001`, or the ИНН alone for a sole trader. */
export function innKpp(party: DocumentParty): string {
  return party.kpp ? `${party.inn} / ${party.kpp}` : party.inn;
}

/** `ООО «Ромашка», ИНН 7701234567, КПП 770101001, 123456, г. Москва, …`: a party on one line. */
export function partyLine(party: DocumentParty): string {
  return [party.name, `ИНН ${party.inn}`, party.kpp ? `КПП ${party.kpp}` : "", party.address]
    .filter(Boolean)
    .join(", ");
}
