import { type Random, shuffle } from "./random";

// Letters that Unicode does not decompose into a base letter plus a combining mark.
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  đ: "d",
  œ: "oe",
  æ: "ae",
  ø: "o",
  ß: "ss",
  ł: "l",
};

const asciiCache = new Map<string, string>();

/** "Hélène" → "helene", "L'Huillier" → "lhuillier", "Thị Lan" → "thilan", "Đặng" → "dang". */
export function toAsciiMailPart(name: string): string {
  const cached = asciiCache.get(name);
  if (cached !== undefined) return cached;
  const ascii = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[đœæøßł]/g, (letter) => UNDECOMPOSED[letter] ?? "")
    .replace(/[^a-z0-9-]/g, "")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
  asciiCache.set(name, ascii);
  return ascii;
}

export function mailLocalPart(givenName: string, surname: string): string {
  return `${toAsciiMailPart(givenName)}.${toAsciiMailPart(surname)}`;
}

/** Hands out unique addresses: the second "helene.wamytan" becomes "helene.wamytan2". */
export interface AddressBook {
  reserve(address: string): void;
  claim(localPart: string, domain: string): string;
}

export function createAddressBook(): AddressBook {
  const reserved = new Set<string>();
  // Every address handed out, with the last suffix used for it when it is a base address.
  const claimed = new Map<string, number>();
  return {
    reserve(address) {
      reserved.add(address.toLowerCase());
    },
    claim(localPart, domain) {
      const address = `${localPart}@${domain}`;
      const last = claimed.get(address);
      if (last === undefined && !reserved.has(address)) {
        claimed.set(address, 1);
        return address;
      }
      let suffix = last ?? 1;
      let candidate: string;
      do {
        suffix += 1;
        candidate = `${localPart}${suffix}@${domain}`;
      } while (claimed.has(candidate) || reserved.has(candidate));
      claimed.set(address, suffix);
      claimed.set(candidate, 1);
      return candidate;
    },
  };
}

/** Hands out phone numbers, unique while the ranges last (then lines are shared). */
export interface PhonePlan {
  /** A desk line of a municipal site, e.g. "+687 41 40 27" for the prefixes ["41 40"]. */
  desk(prefixes: readonly string[]): string;
  /** New Caledonian mobile numbers are six digits starting with 7, 8 or 9. */
  mobile(): string;
}

/** "41 40 27" → 414027 */
const phoneDigits = (phone: string): number => Number(phone.replace(/\D/g, "").slice(-6));

const PAIRS = Array.from({ length: 100 }, (_, pair) => String(pair).padStart(2, "0"));
const pair = (digits: number, divisor: number): string =>
  PAIRS[Math.floor(digits / divisor) % 100] ?? "00";

const formatPhone = (digits: number): string =>
  `+687 ${pair(digits, 10_000)} ${pair(digits, 100)} ${pair(digits, 1)}`;

export function createPhonePlan(random: Random, reserved: readonly string[]): PhonePlan {
  // One flag per six-digit number: desk lines and mobiles share the numbering plan.
  const taken = new Uint8Array(1_000_000);
  for (const phone of reserved) taken[phoneDigits(phone)] = 1;
  const freeLines = new Map<string, number[]>();
  const linesOf = (prefix: string): number[] => {
    let lines = freeLines.get(prefix);
    if (!lines) {
      lines = [];
      const base = phoneDigits(prefix) * 100;
      // xx xx 00 is a switchboard number.
      for (let last = 1; last < 100; last++) if (!taken[base + last]) lines.push(base + last);
      shuffle(lines, random);
      freeLines.set(prefix, lines);
    }
    return lines;
  };
  return {
    desk(prefixes) {
      for (const prefix of prefixes) {
        const line = linesOf(prefix).pop();
        if (line !== undefined) {
          taken[line] = 1;
          return formatPhone(line);
        }
      }
      // The site's range is full: lines are shared, as in a big open space.
      return formatPhone(phoneDigits(random.pick(prefixes)) * 100 + 1 + random.int(99));
    },
    mobile() {
      let number = 700_000 + random.int(300_000);
      for (let attempt = 0; attempt < 4 && taken[number]; attempt++) {
        number = 700_000 + random.int(300_000);
      }
      taken[number] = 1;
      return formatPhone(number);
    },
  };
}
