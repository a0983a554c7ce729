import type { CatalogModel } from "../../core/catalog";
import { accountsServing, getAccounts, upstreamModelFor, type Account } from "../../routing/accounts";

/** An account that serves the model in async mode, with the upstream name it uses for it. */
export interface AsyncRoute {
  account: Account;
  upstreamModel: string;
}

/** The accounts whose provider can run the model asynchronously (Yandex's completionAsync), in the accounts' order. */
export async function asyncRoutes(model: CatalogModel): Promise<AsyncRoute[]> {
  return accountsServing(await getAccounts(), model)
    .map((account) => ({ account, upstreamModel: upstreamModelFor(account, model)! }))
    .filter(({ account, upstreamModel }) => account.adapter.chatAsync?.supports(upstreamModel) === true);
}
