/**
 * The emulators' embedding: deterministic, and close for texts that share their words, so the semantic response
 * cache can be tried without a provider (docs/api/cache.md). It knows no synonyms: "сбросить" and "восстановить"
 * are as far apart as any two words; word order, case, punctuation, "ё" and word endings hardly matter.
 *
 * Features: each content word cut to its first STEM_LENGTH letters (a crude Russian stem), and the character
 * trigrams of each word (so "пароль" and "пароля" stay close). Function words count a little. Every feature is
 * hashed (FNV-1a) into one of the dimensions with a sign, and the vector is L2-normalised.
 */

const STEM_LENGTH = 5;
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.25;
const FUNCTION_WORD_WEIGHT = 0.3;

/** Words that carry little meaning of their own in a question (negations and question words are kept). */
const FUNCTION_WORDS = new Set(
  (
    "и а но или же ли бы то в во на с со к ко по о об обо у из за для от до при про над под без через " +
    "я ты вы мы он она они оно мне меня мой моя моё мое мои свой свою своё свои твой ваш ваши его её ее их " +
    "это этот эта эти тот та те как можно нужно надо пожалуйста подскажите скажите расскажите"
  ).split(" "),
);

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Lower case, "ё" as "е", every run of characters other than letters and digits as one space. */
export function normalizeText(text: string): string[] {
  return text
    .toLowerCase()
    .replaceAll("ё", "е")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  vector[hash % vector.length]! += hash & 0x80000000 ? -weight : weight;
}

/** A deterministic unit vector of `dimensions` numbers (rounded to 6 decimals, as providers send them). */
export function emulatedEmbedding(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  for (const word of normalizeText(text)) {
    if (FUNCTION_WORDS.has(word)) {
      addFeature(vector, `w:${word}`, FUNCTION_WORD_WEIGHT);
      continue;
    }
    addFeature(vector, `w:${word.slice(0, STEM_LENGTH)}`, WORD_WEIGHT);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(vector, `t:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  // An empty text still gets a unit vector (some APIs refuse it; those that embed it need a direction).
  if (norm === 0) {
    vector[0] = 1;
    norm = 1;
  }
  return Array.from(vector, (x) => Number((x / norm).toFixed(6)));
}
