import { createHash } from "node:crypto";

/**
 * The random draw of a control campaign (decision record 048): pure, so that the same
 * seed, share and population always give the same OFs, and anyone can replay a recorded draw.
 *
 * 1. The population is put in canonical order: by region, then by organisation id (code-unit order,
 *    never the locale's); the region "not given" is the empty string and comes first.
 * 2. The sample's size is the share of the population rounded half up: round(N × bp / 10 000).
 * 3. Each region gets its share of that size, N_r × n / N, rounded by the largest-remainder method so
 *    that the regions' sizes add up to n exactly: every region gets the integer part, and the seats
 *    left go to the largest remainders (ties: the larger region, then the region's name).
 * 4. A mulberry32 generator seeded with the 32-bit seed draws, region after region in canonical order,
 *    that region's OFs by a partial Fisher–Yates shuffle of the region's canonical list.
 */

/** Recorded with each campaign: a change of any step above is a new version, and old campaigns keep theirs. */
export const DRAW_ALGORITHM = "mulberry32+largest-remainder+fisher-yates/v1";

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/** One OF of the population: its id and its region ("" when not given). */
export interface PopulationEntry {
  organisationId: string;
  region: string;
}

export interface StratumAllocation {
  region: string;
  population: number;
  drawn: number;
}

export interface DrawResult {
  /** The population in canonical order (what the fingerprint is taken over). */
  population: PopulationEntry[];
  /** The size asked for: round(N × bp / 10 000). */
  total: number;
  /** Per region, in canonical order. */
  strata: StratumAllocation[];
  /** The drawn OFs, in the order they were drawn. */
  drawn: PopulationEntry[];
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32, fast and well distributed for
 * sampling (not for secrets). Returns a generator of floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The population sorted by region, then organisation id. */
export function canonicalPopulation(population: readonly PopulationEntry[]): PopulationEntry[] {
  return [...population].sort((a, b) => byCodeUnits(a.region, b.region) || byCodeUnits(a.organisationId, b.organisationId));
}

/** round(size × bp / 10 000), half up, in exact integer arithmetic. */
export function sampleSize(populationSize: number, percentBp: number): number {
  return Math.floor((populationSize * percentBp + 5_000) / 10_000);
}

/** Each stratum's share of `total`, rounded by the largest remainder so that they add up to `total`. */
export function allocate(strata: readonly { region: string; population: number }[], total: number): StratumAllocation[] {
  const size = strata.reduce((n, s) => n + s.population, 0);
  if (size === 0) return strata.map((s) => ({ ...s, drawn: 0 }));
  const shares = strata.map((s) => ({
    region: s.region,
    population: s.population,
    drawn: Math.floor((s.population * total) / size),
    remainder: (s.population * total) % size,
  }));
  let left = total - shares.reduce((n, s) => n + s.drawn, 0);
  const order = [...shares].sort((a, b) => b.remainder - a.remainder || b.population - a.population || byCodeUnits(a.region, b.region));
  for (const share of order) {
    if (left === 0) break;
    share.drawn += 1;
    left -= 1;
  }
  return shares.map(({ region, population, drawn }) => ({ region, population, drawn }));
}

/** The draw: same seed, share and population (in any order) → same OFs, in the same order. */
export function stratifiedDraw(population: readonly PopulationEntry[], percentBp: number, seed: number): DrawResult {
  const canonical = canonicalPopulation(population);
  const groups: { region: string; entries: PopulationEntry[] }[] = [];
  for (const entry of canonical) {
    const last = groups[groups.length - 1];
    if (last && last.region === entry.region) last.entries.push(entry);
    else groups.push({ region: entry.region, entries: [entry] });
  }
  const total = sampleSize(canonical.length, percentBp);
  const strata = allocate(
    groups.map((g) => ({ region: g.region, population: g.entries.length })),
    total,
  );
  const random = mulberry32(seed);
  const drawn: PopulationEntry[] = [];
  groups.forEach((group, index) => {
    const pool = [...group.entries];
    const wanted = strata[index]!.drawn; // strata and groups are index-aligned
    for (let i = 0; i < wanted; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      const picked = pool[j]!;
      pool[j] = pool[i]!;
      pool[i] = picked;
      drawn.push(picked);
    }
  });
  return { population: canonical, total, strata, drawn };
}

/** SHA-256 (hex) of the canonical population, one "region<TAB>organisation id" line each, joined by "\n". */
export function populationFingerprint(population: readonly PopulationEntry[]): string {
  const hash = createHash("sha256");
  canonicalPopulation(population).forEach((entry, index) => {
    hash.update(`${index === 0 ? "" : "\n"}${entry.region}\t${entry.organisationId}`);
  });
  return hash.digest("hex");
}
