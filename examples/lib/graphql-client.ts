// A minimal typed GraphQL client over fetch (Node 20): a document carries the TypeScript types of its
// variables and result, so a call site cannot send the wrong variables or misread the answer.

/** A GraphQL document with its result and variables types (the types exist at compile time only). */
export interface TypedDocument<TResult, TVariables> {
  readonly source: string;
  readonly __types?: { result: TResult; variables: TVariables };
}

export function typedDocument<TResult, TVariables>(source: string): TypedDocument<TResult, TVariables> {
  return { source };
}

/** The request did not give data: an HTTP failure or GraphQL errors (the gateway's messages, already scrubbed). */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly codes: string[],
  ) {
    super(message);
  }
}

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export class GraphQLClient {
  constructor(
    private readonly url: string,
    /** An API token of the gateway; none for the sandbox (loopback, anonymous admin). */
    private readonly token: string | undefined,
  ) {}

  async request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query: document.source, variables }),
    });
    const text = await response.text();
    let body: GraphQLResponse<TResult>;
    try {
      body = JSON.parse(text) as GraphQLResponse<TResult>;
    } catch {
      throw new GraphQLRequestError(`${this.url} answered HTTP ${response.status} with no GraphQL response`, response.status, []);
    }
    if (body.errors?.length || !body.data) {
      const errors = body.errors ?? [];
      const codes = errors.map((error) => error.extensions?.code ?? 'UNKNOWN');
      const messages = errors.map((error) => error.message).join('; ') || 'no data';
      throw new GraphQLRequestError(`HTTP ${response.status}: ${messages}`, response.status, codes);
    }
    return body.data;
  }
}
