// The forms secret values take in text, and where they occur in a text: what SecretRegistry.scrub redacts.
// A form may belong to several values (counted), so that forgetting one value keeps the others' forms.

/** Values shorter than this are not secrets to scrub: they would scrub ordinary words. */
export const MIN_SECRET_LENGTH = 6;

/** Up to this many forms, `find` looks for each in turn; beyond, it looks up each position (measured crossover). */
const FEW_FORMS = 256;

/**
 * The forms a value takes in text the gateway writes: as is, URI-encoded (query strings, paths), form-encoded
 * (x-www-form-urlencoded bodies), and JSON-escaped (a PEM key's newlines in a JSON log line or error body, also
 * twice over). Each at least as long as the value.
 */
export function encodings(value: string): string[] {
  const forms = new Set([
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
    // JSON inside a JSON string (a request body quoted in a log field).
    JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1),
  ]);
  return [...forms];
}

/** The index key of the three characters of `text` at `at` (three UTF-16 units: 48 bits, exact in a double). */
function formKey(text: string, at: number): number {
  return (text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1)) * 0x10000 + text.charCodeAt(at + 2);
}

export class SecretForms {
  /** How many values have each form. */
  private readonly uses = new Map<string, number>();
  private forms: string[] = [];
  /** The forms by their first three characters (formKey), longest first in each list. */
  private readonly byKey = new Map<number, string[]>();

  get size(): number {
    return this.forms.length;
  }

  add(form: string): void {
    const uses = this.uses.get(form) ?? 0;
    this.uses.set(form, uses + 1);
    if (uses > 0) return;
    this.forms.push(form);
    const key = formKey(form, 0);
    const sameKey = this.byKey.get(key);
    if (!sameKey) this.byKey.set(key, [form]);
    else {
      sameKey.push(form);
      sameKey.sort((a, b) => b.length - a.length);
    }
  }

  remove(form: string): void {
    const uses = this.uses.get(form);
    if (uses === undefined) return;
    if (uses > 1) {
      this.uses.set(form, uses - 1);
      return;
    }
    this.uses.delete(form);
    this.forms = this.forms.filter((known) => known !== form);
    const key = formKey(form, 0);
    const sameKey = this.byKey.get(key)?.filter((known) => known !== form) ?? [];
    if (sameKey.length) this.byKey.set(key, sameKey);
    else this.byKey.delete(key);
  }

  /** Occurrences [start, end) of the forms in `text`, in no particular order. */
  find(text: string): Array<[number, number]> {
    return this.forms.length <= FEW_FORMS ? this.findEachForm(text) : this.findByPosition(text);
  }

  /** Each form looked for in turn: the fastest way while there are few. */
  private findEachForm(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const form of this.forms) {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) found.push([at, at + form.length]);
    }
    return found;
  }

  /**
   * The longest form starting at each position: one index lookup per position, so the cost does not grow with the
   * number of forms (at 10 000 secrets, looking for each form in turn took 1.35 ms a log line).
   */
  private findByPosition(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (let at = 0; at + MIN_SECRET_LENGTH <= text.length; at++) {
      const form = this.byKey.get(formKey(text, at))?.find((candidate) => text.startsWith(candidate, at));
      if (form) found.push([at, at + form.length]);
    }
    return found;
  }
}
