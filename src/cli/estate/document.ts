// The estate document as the CLI sends it: the file's text (the gateway parses and validates it, with line
// numbers) and the values of its secret references. The CLI parses it only to find those references; a file
// that is not YAML (or JSON) at all is reported here, with its lines, and nothing is sent.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CliFailure } from './failure.js';
import { type EstateSecretInput, findSecretReferences, resolveSecretValues } from './secret-values.js';

export interface EstateDocumentFile {
  /** As given on the command line. */
  path: string;
  text: string;
  secrets: EstateSecretInput[];
}

export async function readEstateDocument(path: string, env: NodeJS.ProcessEnv = process.env): Promise<EstateDocumentFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliFailure([`cannot read the document ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`]);
  }
  const { parseDocument } = await import('yaml');
  const parsed = parseDocument(text);
  if (parsed.errors.length) {
    throw new CliFailure(
      parsed.errors.map((error) => {
        const at = error.linePos?.[0];
        // The message's first line, without the "at line L, column C:" the place already says.
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${basename(path)}${at ? ` (line ${at.line}:${at.col})` : ''}: ${message}`;
      }),
    );
  }
  const references = findSecretReferences(parsed.toJS());
  return { path, text, secrets: resolveSecretValues(references, dirname(resolve(path)), env) };
}
