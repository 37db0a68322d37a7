// The request body limit (HTTP 413), as yoga's maxRequestBodySize says it, without its cost on every request:
// yoga pipes every body through a counting stream, whose end aborts an AbortController and builds a
// DOMException with a stack, about a tenth of a millisecond per request. A body with a valid Content-Length
// needs no counting: Node's HTTP parser reads exactly that many bytes (and refuses Content-Length beside
// Transfer-Encoding), so the header alone decides. Only a body without one (chunked) is counted as it arrives.
import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

function tooLarge(): GraphQLError {
  return new GraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
}

/** At most `limit` bytes of request body; the answers are yoga's own (413, or 400 for a Content-Length that is no number). */
export function bodyLimitPlugin(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength))
          throw new GraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        if (Number(contentLength) > limit) throw tooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((unlimited) => parse(counted(unlimited, limit, fetchAPI)));
    },
  };
}

/**
 * The request with a body that fails once more than `limit` bytes have arrived. A body that is not Node's own
 * ReadableStream (whatwg-node's) goes through whatwg-node's TransformStream: the two do not pipe into each other.
 */
function counted(request: Request, limit: number, fetchAPI: FetchAPI): Request {
  let received = 0;
  const Transform = request.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}
