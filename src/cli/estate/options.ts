// What the three estate commands share on their command lines: the gateway's URL and token, and the words
// their --help gives them.
export const URL_OPTION = { url: { type: 'string' } } as const;

export const CONNECTION_HELP = [
  'The gateway: --url (default: IDP_GATEWAY_URL, else http://127.0.0.1:4000/graphql). The API token comes from',
  'IDP_GATEWAY_TOKEN (sent as "Authorization: Bearer ..."); without it no header is sent (the sandbox on loopback).',
];

export const SECRETS_HELP = [
  'Secrets: a secret field is { env: NAME } or { file: PATH } (optionally with optional: true), never a value.',
  'The CLI resolves them here and sends the values beside the document: env from this environment, file relative',
  "to the document's folder (trailing line ends dropped). An unset variable or a missing file is not sent: the",
  "gateway then keeps the vendor's current secret or reports the problem. No secret value is ever printed.",
];
