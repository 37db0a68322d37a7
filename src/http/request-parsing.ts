// Requests that are not GraphQL at all: a body that is not JSON is a 400 (code BAD_REQUEST) that never quotes
// the body; a POST of another content type a 415 that says what is accepted (code UNSUPPORTED_MEDIA_TYPE); an
// Accept header that takes no answer the endpoint gives a 406 before anything runs (code NOT_ACCEPTABLE).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** What a POST may carry (yoga's parsers; multipart is off, a form or text POST needs the CSRF header). */
export const ACCEPTED_POST_CONTENT_TYPES = ['application/json', 'application/graphql+json'] as const;
/** What an answer may be (the Accept header chooses; SSE for subscriptions). */
export const RESPONSE_CONTENT_TYPES = ['application/json', 'application/graphql-response+json'] as const;

/** Every answer yoga can give: JSON, SSE (subscriptions, and any operation asked for so), multipart (@defer, @stream). */
export const ANSWER_CONTENT_TYPES = [...RESPONSE_CONTENT_TYPES, 'text/event-stream', 'multipart/mixed'] as const;

const JSON_TYPE = 'application/json; charset=utf-8';

/** A GraphQL-over-HTTP JSON error body. */
function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  message: string,
  extensions: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions }] }), {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
  });
}

/** The media type of a Content-Type header, when it is a plain one (it is quoted back); else null. */
function plainMediaType(header: string | null): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type && /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(type) ? type : null;
}

/**
 * Whether an Accept header takes one of the answers the endpoint gives (no header: any). A media range with q=0
 * refuses what it names; wildcards match as HTTP says (*\/* anything, application/* any application type).
 */
export function acceptsAnAnswer(accept: string | null): boolean {
  if (accept === null || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const quality = params.find((param) => param.startsWith('q='));
    if (quality !== undefined && !(Number(quality.slice(2)) > 0)) return false;
    const [type, subtype] = range.split('/');
    return ANSWER_CONTENT_TYPES.some((answer) => {
      const [answerType, answerSubtype] = answer.split('/');
      return (type === '*' && subtype === '*') || (type === answerType && (subtype === '*' || subtype === answerSubtype));
    });
  });
}

/**
 * A request body (or a GET's `variables` / `extensions`) that is not JSON, as a 400 that says so without
 * quoting it: JSON.parse's own message quotes the text it failed on, and yoga passed that on in
 * `extensions.originalError`. Other errors of the request parsers (413, a body that is not an object) pass.
 */
function requestParseError(request: Request, error: unknown): unknown {
  const original = error instanceof GraphQLError ? error.extensions?.originalError : error;
  if (error instanceof GraphQLError && original === undefined) return error;
  if (!(original instanceof SyntaxError) && (original as { name?: unknown } | null)?.name !== 'SyntaxError') return error;
  // Only the offset is kept from the parser's message: a number, never the text.
  const offset = /\bposition (\d+)/.exec(String((original as { message?: unknown }).message))?.[1];
  let message: string;
  if (request.method === 'GET') {
    const params = new URL(request.url).searchParams;
    const bad = ['variables', 'extensions'].filter((name) => {
      const value = params.get(name);
      if (!value) return false;
      try {
        JSON.parse(value);
        return false;
      } catch {
        return true;
      }
    });
    message = `The ${bad.length ? bad.map((name) => `"${name}"`).join(' and ') : '"variables" or "extensions"'} parameter of the GET request is not valid JSON.`;
  } else {
    message = `The request body is not valid JSON${offset === undefined ? '' : ` (error at offset ${offset})`}: send a JSON object such as {"query": "{ caller { name } }", "variables": {}}.`;
  }
  // No `http.spec`: 400 whatever the Accept header (graphql-over-http asks 400 for a body that is not JSON).
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * The GraphQL endpoint's request parsing: an Accept header that takes none of the endpoint's answers is refused
 * 406 before the operation runs (yoga ran it, a mutation too, and then answered an empty 406: the caller could not
 * know its change was made); a POST of a content type no parser takes is answered 415 with a JSON error that says
 * what is accepted (yoga answers an empty 415), and a body that is not JSON a 400 that does not quote it. Runs
 * after yoga's own parsers have chosen (user plugins come after them).
 */
export function requestParsingPlugin(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      if (!acceptsAnAnswer(request.headers.get('accept'))) {
        // JSON whatever was asked: the one way to say what would have been answered (RFC 9110 15.5.7 allows it).
        endResponse(
          errorResponse(
            fetchAPI,
            406,
            `The Accept header takes none of this endpoint's answers, so nothing was run: accept ${ANSWER_CONTENT_TYPES.join(', ')} ` +
              '(application/graphql-response+json or application/json for a plain answer).',
            { code: 'NOT_ACCEPTABLE', responseContentTypes: [...ANSWER_CONTENT_TYPES] },
          ),
        );
        return;
      }
      if (!requestParser) {
        const type = plainMediaType(request.headers.get('content-type'));
        endResponse(
          errorResponse(
            fetchAPI,
            415,
            `${type ? `Content-Type "${type}" is not accepted` : 'This request has no Content-Type this endpoint accepts'}: POST the GraphQL ` +
              `request as JSON with "Content-Type: application/json" (answered as ${RESPONSE_CONTENT_TYPES.join(' or ')}, as the ` +
              'Accept header asks), or send a query with GET (?query=...).',
            {
              code: 'UNSUPPORTED_MEDIA_TYPE',
              acceptedContentTypes: [...ACCEPTED_POST_CONTENT_TYPES],
              responseContentTypes: [...RESPONSE_CONTENT_TYPES],
              get: 'queries and subscriptions may also be sent with GET',
            },
            { 'accept-post': ACCEPTED_POST_CONTENT_TYPES.join(', ') },
          ),
        );
        return;
      }
      const parse = requestParser;
      setRequestParser(async (parsed) => {
        try {
          return await parse(parsed);
        } catch (error) {
          throw requestParseError(parsed, error);
        }
      });
    },
  };
}
