// An estate document's text, YAML or JSON (YAML is a superset of JSON: one parser reads both), with the line
// and column of every path in it, so each problem names where it is: `connections.x.providers.acme.loginUrl
// (line 14:7)`. Duplicate keys are errors; aliases are capped by the parser (no billion laughs).
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export type DocumentPath = ReadonlyArray<string | number>;

export interface DocumentProblem {
  /** Dotted path in the document, e.g. "connections.twosms-prod.providers.acme.loginUrl"; "" for the whole. */
  path: string;
  line: number | null;
  column: number | null;
  message: string;
}

export interface DocumentText {
  /** The document as plain JSON values (null when it could not be parsed: see `problems`). */
  value: unknown;
  problems: DocumentProblem[];
  /** A problem at `path`, placed at the deepest node of the path the document has. */
  problemAt(path: DocumentPath, message: string): DocumentProblem;
}

/** "connections.x.providers[2].title": keys dotted, list positions in brackets. */
export function formatPath(path: DocumentPath): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

export function readDocumentText(text: string): DocumentText {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: null, column: null };
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const problemAt = (path: DocumentPath, message: string): DocumentProblem => {
    let node: unknown = document.contents;
    let offset = (node as Node | null)?.range?.[0];
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part];
        offset = (node as Node).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return { path: formatPath(path), ...at(offset), message };
  };

  const problems = document.errors.map((error) => ({ path: '', ...at(error.pos[0]), message: error.message.split('\n')[0]! }));
  if (problems.length) return { value: null, problems, problemAt };
  try {
    return { value: document.toJS({ maxAliasCount: 100 }), problems, problemAt };
  } catch (error) {
    // Aliases that expand without end (a "billion laughs" document) are refused, not expanded.
    return { value: null, problems: [{ path: '', line: null, column: null, message: (error as Error).message }], problemAt };
  }
}
