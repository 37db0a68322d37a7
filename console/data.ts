// How pages get data: the session's client in a context, a query hook (loading, error, data, reload), and a stream
// hook for subscriptions and @defer'red queries (each payload as it arrives). Pages never call fetch themselves.
import type { TadaPersistedDocumentNode } from 'gql.tada';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { type GatewayClient, GatewayRequestError } from './graphql-client.js';

export interface Session {
  client: GatewayClient;
  /** The caller's role: what it may not do is not offered. */
  role: 'ADMIN' | 'OPERATOR' | 'VIEWER';
  name: string;
  anonymous: boolean;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in console');
  return session;
}

/** Operators and admins change providers; viewers read. */
export function canChange(session: Session): boolean {
  return session.role !== 'VIEWER';
}

export interface QueryState<Result> {
  data: Result | null;
  error: GatewayRequestError | Error | null;
  loading: boolean;
  reload(): void;
}

/** Runs `document` with `variables` (again whenever their JSON changes); `skip` holds it back. */
export function useQuery<Result, Variables>(
  document: TadaPersistedDocumentNode<Result, Variables>,
  variables: Variables,
  options: { skip?: boolean } = {},
): QueryState<Result> {
  const { client } = useSession();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data: Result | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: !options.skip,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (options.skip) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    client
      .execute(document, JSON.parse(key) as Variables)
      .then((data) => current && setState({ data, error: null, loading: false }))
      .catch((error: Error) => current && setState((previous) => ({ data: previous.data, error, loading: false })));
    return () => {
      current = false;
    };
  }, [client, document, key, round, options.skip]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}

/** A subscription or a deferred query: `onResult` with each result as it grows; restarts when variables change. */
export function useStream<Result, Variables>(
  document: TadaPersistedDocumentNode<Result, Variables>,
  variables: Variables,
  onResult: (result: Result) => void,
  options: { skip?: boolean; onError?: (error: Error) => void /** A change starts the stream again. */; key?: unknown } = {},
): void {
  const { client } = useSession();
  const key = JSON.stringify(variables);
  const handler = useRef(onResult);
  handler.current = onResult;
  const onError = useRef(options.onError);
  onError.current = options.onError;
  useEffect(() => {
    if (options.skip) return;
    const abort = new AbortController();
    (async () => {
      try {
        for await (const result of client.stream(document, JSON.parse(key) as Variables, abort.signal)) handler.current(result);
      } catch (error) {
        if (!abort.signal.aborted) onError.current?.(error as Error);
      }
    })();
    return () => abort.abort();
  }, [client, document, key, options.skip, options.key]);
}

/** An error's message for people; a gateway error's codes in brackets. */
export function describeError(error: unknown): string {
  if (error instanceof GatewayRequestError) return error.codes.length ? `${error.message} [${error.codes.join(', ')}]` : error.message;
  return error instanceof Error ? error.message : String(error);
}
