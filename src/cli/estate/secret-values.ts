// The document's secret references ({ env: NAME } / { file: PATH }, optionally with `optional: true`), found in
// the parsed document and resolved on this machine: secret values travel to the gateway beside the document,
// never inside it. The values are only ever sent, never printed.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CliFailure } from './failure.js';

/** One value of the API's `secrets` input: `reference` exactly as the document writes it ("env:NAME", "file:PATH"). */
export interface EstateSecretInput {
  reference: string;
  value: string;
}

export interface SecretReference {
  kind: 'env' | 'file';
  /** The variable name or the file path, as written. */
  target: string;
  /** "env:NAME" or "file:PATH". */
  reference: string;
  /** Where the document first names it, e.g. connections.x.providers.y.clientSecret. */
  documentPath: string;
}

/** Every distinct secret reference in a parsed document (any mapping that is exactly { env } or { file }, plus `optional`). */
export function findSecretReferences(document: unknown): SecretReference[] {
  const found = new Map<string, SecretReference>();
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, `${path}[${index}]`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const reference = referenceOf(value as Record<string, unknown>, path);
    if (reference) {
      if (!found.has(reference.reference)) found.set(reference.reference, reference);
      return;
    }
    for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
  };
  walk(document, '');
  return [...found.values()];
}

function referenceOf(mapping: Record<string, unknown>, documentPath: string): SecretReference | null {
  const keys = Object.keys(mapping).filter((key) => key !== 'optional');
  if (keys.length !== 1 || ('optional' in mapping && typeof mapping.optional !== 'boolean')) return null;
  const kind = keys[0];
  const target = kind === undefined ? undefined : mapping[kind];
  if ((kind !== 'env' && kind !== 'file') || typeof target !== 'string' || target === '') return null;
  return { kind, target, reference: `${kind}:${target}`, documentPath };
}

/**
 * The values of `references` on this machine. An environment variable that is not set, or a file that does not
 * exist, is simply not sent: the gateway decides (keep the vendor's secret, or report the document problem). A
 * file is read relative to `documentDir`, its trailing line ends dropped (as `$(cat file)` does). A file that
 * exists but cannot be read is a failure.
 */
export function resolveSecretValues(
  references: readonly SecretReference[],
  documentDir: string,
  env: NodeJS.ProcessEnv = process.env,
): EstateSecretInput[] {
  const resolved: EstateSecretInput[] = [];
  for (const reference of references) {
    const value = reference.kind === 'env' ? env[reference.target] : readSecretFile(reference, documentDir);
    if (value !== undefined) resolved.push({ reference: reference.reference, value });
  }
  return resolved;
}

function readSecretFile(reference: SecretReference, documentDir: string): string | undefined {
  const path = isAbsolute(reference.target) ? reference.target : resolve(documentDir, reference.target);
  try {
    return readFileSync(path, 'utf8').replace(/(\r?\n)+$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new CliFailure([`${reference.documentPath}: cannot read the secret file ${path} (${code ?? 'unreadable'})`]);
  }
}
