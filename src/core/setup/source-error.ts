// Why a setup source (SAML metadata, an OIDC discovery document and its JWKS) cannot be used. The message is
// written for the person who gave the source and names no input field: the caller knows which field the source
// came from (metadataXml, metadataUrl, discover) and adds it (input-sources.ts).

export class SetupSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SetupSourceError';
  }
}
