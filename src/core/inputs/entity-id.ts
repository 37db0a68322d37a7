// The rule for a SAML entity id given to a vendor (2sms `Provider`): an absolute URI, as SAML 2.0 requires of
// an entityID. Either a URL in "scheme://host" form, any scheme (Okta's entity ids are http://www.okta.com/exk...,
// which is legal: it names the IdP and is never fetched), or a URN (urn:<namespace>:<name>). No user name or
// password, no spaces. Not vendor-specific, so it lives beside the configuration-URL rule (https-url.ts).
import { z } from 'zod';
import { authorityOf } from './https-url.js';
import { controlCharacterProblem, lengthProblem } from './string-rules.js';

/** SAML 2.0 caps an entityID at 1024 characters (saml-core 8.3.6). */
export const MAX_ENTITY_ID_LENGTH = 1024;

const URN = /^urn:[a-z0-9][a-z0-9-]{0,30}[a-z0-9]:\S+$/i;
const EXAMPLES = 'a URL such as https://idp.example.com/saml/metadata or a URN such as urn:example:idp';

/** Why `value` is no entity id (without the field's name), or null. */
export function entityIdProblem(value: string, max = MAX_ENTITY_ID_LENGTH): string | null {
  const control = controlCharacterProblem(value);
  if (control) return control;
  const length = lengthProblem(value, 1, max);
  if (length) return length;
  if (/\s/.test(value)) return 'must not contain spaces';
  if (value.includes('\\')) return 'must not contain "\\"';
  if (/^urn:/i.test(value)) return URN.test(value) ? null : 'must be a URN of the form urn:<namespace>:<name>, e.g. urn:example:idp';
  const authority = authorityOf(value);
  if (authority === null) return `must be an absolute URI: ${EXAMPLES}`;
  if (authority === '') return `must be an absolute URI with a host: ${EXAMPLES}`;
  if (authority.includes('@'))
    return 'must not contain a user name or password (remove the part before "@"): they would be stored and shown in plain text';
  if (!URL.canParse(value)) return `must be a valid absolute URI: ${EXAMPLES}`;
  return null;
}

/** The schema of an entity-id field: the value as given, or an issue whose message names the field. */
export function samlEntityId(options: { field: string; max?: number }) {
  return z.string({ error: `${options.field} must be a string` }).superRefine((value, ctx) => {
    const problem = entityIdProblem(value, options.max);
    if (problem) ctx.addIssue({ code: 'custom', message: `${options.field} ${problem}` });
  });
}
