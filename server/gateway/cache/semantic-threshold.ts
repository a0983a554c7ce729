/**
 * The similarity a near-duplicate needs unless the key says otherwise (the api_keys column's default too). On the
 * Russian test set (semantic-eval/) with the demo emulators' embedding it had no false hit (0.8 had 5 %); kept
 * conservative because a false hit answers another question.
 */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.9;
/** The bounds a key's threshold is set within (no imports here: the portal's form reads them too). */
export const MIN_SEMANTIC_THRESHOLD = 0.5;
export const MAX_SEMANTIC_THRESHOLD = 0.99;
