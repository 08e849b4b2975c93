import { DEFAULT_FEATURES, featureWords, Vectorizer, type SparseVector } from '../nlu/index.js';
import type { Language } from '../protocol/index.js';

/**
 * Grouping similar questions (docs/ANALYTICS.md, "Clustering"): the NLU's own TF-IDF features (stemmed words,
 * word bigrams, character n-grams; L2-normalised), cosine similarity, then Taylor–Butina clustering:
 *
 * 1. every question's neighbours are those at cosine ≥ `threshold`;
 * 2. the question with most unassigned neighbours becomes a centre and takes them all; repeat until none is left;
 * 3. refinement passes (three) move each question to the group it is most similar to on average (members, not a
 *    centre), so a question taken early by a broad centre can join its own kind.
 *
 * Deterministic (ties by input order), no number of groups to choose, O(n²) time and memory: callers cap n.
 */
export interface ClusterInput {
  text: string;
  language: Language;
}

export interface Cluster {
  /** Indices into the input, the centre first, then by similarity to the centre. */
  members: number[];
  /** snake_case name from the group's most telling words. */
  name: string;
}

/** Chosen on CLINC150 val (docs/ANALYTICS.md). Vectors are fit on the questions themselves: idf is "how rare in this batch", which is what tells groups apart. */
export const DEFAULT_CLUSTER_THRESHOLD = 0.2;
/** Most questions clustered at once (the similarity matrix is n² floats). */
export const MAX_CLUSTER_INPUT = 4_000;
/** Refinement passes: on CLINC150 val, three passes raise the best ARI from 0.49 (one pass) to 0.54. */
const REFINE_PASSES = 3;
/** Below this many questions, function words are dropped before vectorising. */
export const SMALL_BATCH = 1_000;

export function clusterQuestions(items: readonly ClusterInput[], threshold = DEFAULT_CLUSTER_THRESHOLD): Cluster[] {
  return clusterer(items)(threshold);
}

/** Vectorise and compare once, then cluster at any threshold (the evaluation sweeps thresholds this way). */
export function clusterer(items: readonly ClusterInput[]): (threshold: number) => Cluster[] {
  const n = items.length;
  if (n === 0) return () => [];
  // Function words carry no topic, but in a small batch their idf is not low enough to say so: drop them there.
  // In a large batch idf discounts them, and keeping them measured better (docs/ANALYTICS.md).
  const topical = n < SMALL_BATCH ? items.map((item) => ({ text: withoutStopWords(item.text), language: item.language })) : items;
  const vectorizer = Vectorizer.fit(topical, DEFAULT_FEATURES, n > 1000 ? 2 : 1);
  const vectors = topical.map((item) => vectorizer.transform(item.text, item.language));
  const sim = similarities(vectors, vectorizer.size);
  return (threshold) => {
    const assignment = butina(sim, n, threshold);
    for (let pass = 0; pass < REFINE_PASSES; pass++) refine(sim, n, assignment);
    const groups = new Map<number, number[]>();
    assignment.forEach((group, i) => {
      groups.set(group, [...(groups.get(group) ?? []), i]);
    });
    const clusters = [...groups.values()].map((members) => orderByTypicality(sim, n, members));
    clusters.sort((a, b) => b.length - a.length || a[0] - b[0]);
    const used = new Set<string>();
    return clusters.map((members) => ({ members, name: uniqueName(nameFor(members, topical, vectors, vectorizer), used) }));
  };
}

/** Dense n×n cosine matrix from sparse unit vectors, through an inverted index (each pair's shared features only). */
function similarities(vectors: readonly SparseVector[], size: number): Float32Array {
  const n = vectors.length;
  const postings: Array<Array<[number, number]>> = Array.from({ length: size }, () => []);
  vectors.forEach((vector, i) => {
    vector.indices.forEach((feature, j) => {
      postings[feature].push([i, vector.values[j]]);
    });
  });
  const sim = new Float32Array(n * n);
  for (const list of postings) {
    for (let a = 0; a < list.length; a++) {
      const [i, vi] = list[a];
      for (let b = a + 1; b < list.length; b++) {
        const [j, vj] = list[b];
        sim[i * n + j] += vi * vj;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    sim[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) sim[j * n + i] = sim[i * n + j];
  }
  return sim;
}

function butina(sim: Float32Array, n: number, threshold: number): Int32Array {
  const assignment = new Int32Array(n).fill(-1);
  const neighbours = Array.from({ length: n }, (_, i) => {
    const list: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i && sim[i * n + j] >= threshold) list.push(j);
    return list;
  });
  let group = 0;
  for (let left = n; left > 0; group++) {
    let centre = -1;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (assignment[i] >= 0) continue;
      let free = 0;
      for (const j of neighbours[i]) if (assignment[j] < 0) free++;
      if (free > best) [best, centre] = [free, i];
    }
    assignment[centre] = group;
    left--;
    for (const j of neighbours[centre]) {
      if (assignment[j] < 0) {
        assignment[j] = group;
        left--;
      }
    }
  }
  return assignment;
}

/** Move each question to the group with the highest mean similarity (a singleton stays unless it gains). */
function refine(sim: Float32Array, n: number, assignment: Int32Array): void {
  const groups = Math.max(...assignment) + 1;
  const sizes = new Int32Array(groups);
  for (const g of assignment) sizes[g]++;
  const sums = new Float64Array(groups);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[assignment[j]] += sim[i * n + j];
    const own = assignment[i];
    let best = own;
    let bestMean = sizes[own] > 1 ? sums[own] / (sizes[own] - 1) : 0;
    for (let g = 0; g < groups; g++) {
      if (g === own || sizes[g] === 0) continue;
      const mean = sums[g] / sizes[g];
      if (mean > bestMean) [best, bestMean] = [g, mean];
    }
    if (best !== own) {
      sizes[own]--;
      sizes[best]++;
      assignment[i] = best;
    }
  }
}

/** Members by mean similarity to the rest of the group, most typical first. */
function orderByTypicality(sim: Float32Array, n: number, members: number[]): number[] {
  const score = new Map(members.map((i) => [i, members.reduce((sum, j) => sum + sim[i * n + j], 0)]));
  return [...members].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || a - b);
}

/** The group's three heaviest word features (summed TF-IDF), as the words citizens wrote. */
function nameFor(members: number[], items: readonly ClusterInput[], vectors: readonly SparseVector[], vectorizer: Vectorizer): string {
  const weight = new Map<number, number>();
  for (const i of members) {
    const vector = vectors[i];
    vector.indices.forEach((feature, j) => {
      if (vectorizer.features[feature].startsWith('w:')) weight.set(feature, (weight.get(feature) ?? 0) + vector.values[j]);
    });
  }
  const words: string[] = [];
  for (const [feature] of [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    if (words.length === 3) break;
    const name = vectorizer.features[feature];
    const source = members.find((i) => vectors[i].indices.includes(feature));
    const word = source === undefined ? undefined : featureWords(items[source].text, items[source].language, DEFAULT_FEATURES)(name);
    const clean = word?.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '');
    if (clean && clean.length >= 3 && !STOP.has(clean) && !words.includes(clean)) words.push(clean);
  }
  return words.join('_');
}

function uniqueName(base: string, used: Set<string>): string {
  let name = /^[a-z][a-z0-9_]{1,40}$/.test(base) ? base : `question_${base}`.replace(/[^a-z0-9_]/g, '').slice(0, 48);
  if (name.length < 2 || name === 'question_') name = 'unplaced';
  let candidate = name;
  for (let k = 2; used.has(candidate); k++) candidate = `${name}_${k}`;
  used.add(candidate);
  return candidate;
}

/** The text without function words (kept whole when nothing else is left). */
function withoutStopWords(text: string): string {
  const words = text.split(/\s+/).filter((word) => !STOP.has(word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')));
  return words.length ? words.join(' ') : text;
}

/** Words that never name a topic (English, Estonian, Swedish, Russian transliterations are not needed: non-ASCII drops). */
const STOP = new Set(
  'a an i me my we us is am be do to of in on at by or if it so no as up the and for you can what how when where why who which with this that are was have has had does did not but from your our about into there their they them then than will would could should please tell want need know get got its his her him she out now one any all some just like also may might must shall still after while much long come use mina sina tema meie teie nad kas kuidas millal kus miks mis see seda ning aga ole olen oled saan vaja palun och att det som jag har kan var hur vad med for inte till den ett men'.split(
    ' ',
  ),
);
