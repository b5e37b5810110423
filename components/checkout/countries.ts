// ISO 3166-1 alpha-2 countries with their English names, from the runtime's ICU data.
// ICU also names a few codes that are not countries (EU, UN, pseudo-locales) or were
// withdrawn; those are left out.
const NOT_COUNTRIES = new Set(["AC", "AN", "BU", "CP", "CQ", "CS", "DD", "DG", "EA", "EU", "EZ", "FX", "IC", "NT", "QO", "QU", "SU", "TA", "TP", "UK", "UN", "XA", "XB", "YD", "YU", "ZR", "ZZ"]);

let cached: Array<{ code: string; name: string }> | null = null;

export function countryOptions(): Array<{ code: string; name: string }> {
  if (cached) return cached;
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  const out: Array<{ code: string; name: string }> = [];
  for (let a = 65; a < 91; a++) {
    for (let b = 65; b < 91; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name && name !== code && !NOT_COUNTRIES.has(code)) out.push({ code, name });
    }
  }
  cached = out.sort((x, y) => x.name.localeCompare(y.name, "en"));
  return cached;
}
