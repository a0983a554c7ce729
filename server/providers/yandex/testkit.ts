import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { EmulatedAuthorizedKey } from "./emulator-iam";

/** A service account's authorized key file, as `yc iam key create --output key.json` writes it. */
export interface AuthorizedKeyFile extends EmulatedAuthorizedKey {
  created_at: string;
  key_algorithm: "RSA_2048";
  private_key: string;
}

const yandexId = (prefix: string) => `${prefix}${randomBytes(9).toString("hex").slice(0, 17)}`;

/** A fresh RSA key pair as Yandex hands it out: the private key behind its "PLEASE DO NOT REMOVE THIS LINE!" line. */
export function authorizedKeyFile(ids: { id?: string; serviceAccountId?: string } = {}): AuthorizedKeyFile {
  const id = ids.id ?? yandexId("aje");
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return {
    id,
    service_account_id: ids.serviceAccountId ?? yandexId("aje"),
    created_at: new Date().toISOString(),
    key_algorithm: "RSA_2048",
    public_key: publicKey,
    private_key: `PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <${id}>\n${privateKey}`,
  };
}

/** Whether any base64 line of a PEM key shows in `text` (a leaked key, even in part). */
export const leaksKey = (text: string, pem: string) =>
  pem
    .split("\n")
    .filter((line) => line.length >= 32 && !line.startsWith("-----") && !line.startsWith("PLEASE"))
    .some((line) => text.includes(line));
