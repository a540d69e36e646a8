/**
 * Accent folding shared by the stored `agents.search_text` (written by the application), SQL
 * translate() over override values,
 * and the search input, so "helene" finds "Hélène" and "nguyen" finds "Nguyễn".
 */
function buildFoldingTable(): { from: string; to: string } {
  let from = "";
  let to = "";
  const ranges: [number, number][] = [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ];
  for (const [start, end] of ranges) {
    for (let code = start; code <= end; code += 1) {
      const char = String.fromCodePoint(code);
      const base = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      if (base.length === 1 && base !== char && /[A-Za-z]/.test(base)) {
        from += char;
        to += base;
      }
    }
  }
  // Letters with a stroke do not decompose.
  return { from: `${from}ĐđØøŁłĦħ`, to: `${to}DdOoLlHh` };
}

export const foldingTable = buildFoldingTable();
const foldingMap = new Map(
  [...foldingTable.from].map((char, i) => [char, foldingTable.to[i] ?? char]),
);

export function foldForSearch(text: string): string {
  let folded = "";
  for (const char of text) folded += foldingMap.get(char) ?? char;
  return folded.toLowerCase().replace(/\s+/g, " ").trim();
}
