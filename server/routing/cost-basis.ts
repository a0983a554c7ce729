/**
 * What an account costs, in percent of the catalog price, unless an admin set another (the environment's and
 * the demo accounts always cost this). A module of its own: the admin form in the browser reads it too.
 */
export const CATALOG_COST_PERCENT = 100;
