/** A small seeded pseudo-random generator: the sandbox never uses Math.random. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, max). */
  int(max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks in proportion to `weight`; lists are treated as constants (weights are cached). */
  weighted<T extends { weight: number }>(items: readonly T[]): T;
  /** 32 random bits as an unsigned integer. */
  uint32(): number;
}

// Cumulative weights per list: the lists are module constants, so they are computed once.
const weightTables = new WeakMap<readonly { weight: number }[], number[]>();

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  // mulberry32: 32 bits of state, good enough spread for fixtures, trivially reproducible.
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    uint32,
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[int(items.length)];
      if (item === undefined) throw new RangeError("Cannot pick from an empty list");
      return item;
    },
    weighted: (items) => {
      let table = weightTables.get(items);
      if (!table) {
        let total = 0;
        table = items.map((item) => (total += item.weight));
        weightTables.set(items, table);
      }
      const target = next() * (table[table.length - 1] ?? 0);
      let low = 0;
      let high = table.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((table[middle] ?? 0) > target) high = middle;
        else low = middle + 1;
      }
      const item = items[low];
      if (item === undefined) throw new RangeError("Cannot pick from an empty list");
      return item;
    },
  };
}

/** In-place Fisher-Yates shuffle. */
export function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const hexByte = (word: number, shift: number): string => HEX[(word >>> shift) & 0xff] ?? "00";
const hexWord = (word: number): string =>
  `${hexByte(word, 24)}${hexByte(word, 16)}${hexByte(word, 8)}${hexByte(word, 0)}`;

/** A version-4-shaped GUID built from four 32-bit words. */
export function guidFromWords(a: number, b: number, c: number, d: number): string {
  const version = (b & 0xffff0fff) | 0x00004000;
  const variant = (c & 0x3fffffff) | 0x80000000;
  const timeMid = `${hexByte(version, 24)}${hexByte(version, 16)}`;
  const timeHigh = `${hexByte(version, 8)}${hexByte(version, 0)}`;
  const clock = `${hexByte(variant, 24)}${hexByte(variant, 16)}`;
  const node = `${hexByte(variant, 8)}${hexByte(variant, 0)}${hexWord(d)}`;
  return `${hexWord(a)}-${timeMid}-${timeHigh}-${clock}-${node}`;
}

/** murmur3's finaliser: a bijection on 32-bit integers that spreads consecutive inputs. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function randomGuid(random: Random): string {
  return guidFromWords(random.uint32(), random.uint32(), random.uint32(), random.uint32());
}

/** A GUID that depends only on `text`, for entities that must keep their id across seeds. */
export function stableGuid(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return randomGuid(createRandom(h));
}
