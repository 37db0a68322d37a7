// What one GraphQL operation may ask for, and what a refusal says. Limits, per operation (exceeding one is a GraphQL
// error that names the limit and the value found, with the limit's code in extensions.code, see LIMIT_CODES):
//   depth 10 (fragments and introspection fields do not add depth) · aliases 15 · cost 50 000 · tokens 1 000
//   · directives 20 · request body 1 000 000 bytes (HTTP 413, also for a chunked body) · one operation per
//   request (yoga's batching stays off) · `first` at most 200 (identityProviders, auditEvents; default 50)
//   · `nodes(ids:)` at most 100 ids · a batch at most 50 changes · a list in a mutation's input at most 100 items
//   (core/inputs/list-rules.ts).
// Cost is graphql-armor's: 1 per scalar field, 2 per object field, each level below weighted by 1.5 and a
// field's subtree multiplied by a literal `first`. One page of 200 audit events with every field costs about
// 30 000, so one such page passes and two do not. A `first` given as a variable is not multiplied; the page
// size cap (200) and the alias limit (15) still bound such a query.
// The other lists are bounded by configuration (connections) or by one connection's providers (drift).
//
// In production, "Did you mean ...?" suggestions are cut from every error message (they tell a stranger the
// schema's names).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, Lexer, NoSchemaIntrospectionCustomRule, Source, TokenKind, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { argumentGuardPlugin } from './argument-guard.js';
import { MAX_NODE_IDS, MAX_PAGE_SIZE } from '../graphql/paging.js';
import { withoutSuggestions } from '../graphql/suggestions.js';

export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 50_000,
  maxTokens: 1_000,
  maxDirectives: 20,
  /** Bytes of a request body (HTTP 413 beyond). */
  maxBodyBytes: 1_000_000,
  /** `first` of a paged list (identityProviders, auditEvents). */
  maxPageSize: MAX_PAGE_SIZE,
  /** Ids in one `nodes(ids:)`. */
  maxNodeIds: MAX_NODE_IDS,
} as const;

/** The header a GET or a form/multipart/text POST must carry (CSRF prevention); JSON POSTs need nothing. */
export const CSRF_HEADER = 'x-graphql-csrf';

// --- Per operation: limits, introspection, suggestions ------------------------------------------------------

/** extensions.code of each query limit's refusal. */
export const LIMIT_CODES = {
  cost: 'QUERY_COST_LIMIT',
  depth: 'QUERY_DEPTH_LIMIT',
  aliases: 'QUERY_ALIAS_LIMIT',
  tokens: 'QUERY_TOKEN_LIMIT',
  directives: 'QUERY_DIRECTIVE_LIMIT',
} as const;

export type QueryLimit = keyof typeof LIMIT_CODES;

const LIMIT_SENTENCES: Record<QueryLimit, (limit: number, found: string | null) => string> = {
  cost: (limit, found) =>
    found === null
      ? `The query costs more than the cost limit of ${limit}.`
      : `The query costs ${found}, more than the cost limit of ${limit}.`,
  depth: (limit, found) =>
    found === null
      ? `The query is deeper than the depth limit of ${limit}.`
      : `The query is ${found} levels deep, deeper than the depth limit of ${limit}.`,
  aliases: (limit, found) =>
    found === null
      ? `The query uses more aliases than the limit of ${limit}.`
      : `The query uses ${found} aliases, more than the alias limit of ${limit}.`,
  directives: (limit, found) =>
    found === null
      ? `The query uses more directives than the limit of ${limit}.`
      : `The query uses ${found} directives, more than the directive limit of ${limit}.`,
  tokens: (limit, found) =>
    found === null
      ? `The document has more tokens than the limit of ${limit}.`
      : `The document has ${found} tokens, more than the token limit of ${limit}.`,
};

/**
 * The refusal of a query over one of its limits: a sentence naming the limit and the value found, and a code.
 * `atLeast`: counting stopped at `found` (the sentence says "more than").
 */
export function queryLimitError(kind: QueryLimit, limit: number, found: number | null, atLeast = false): GraphQLError {
  const foundText = found === null ? null : atLeast ? `more than ${found - 1}` : String(found);
  return new GraphQLError(LIMIT_SENTENCES[kind](limit, foundText), {
    // A request error (nothing ran): 400 with application/graphql-response+json, 200 with application/json, as
    // yoga answers any validation error.
    extensions: {
      code: LIMIT_CODES[kind],
      limit,
      ...(found === null ? {} : atLeast ? { foundAtLeast: found } : { found }),
      http: { spec: true, status: 400 },
    },
  });
}

/**
 * graphql-armor's validation rules, reporting our error instead of throwing theirs ("Syntax Error: Query Cost
 * limit of 50000 exceeded, found 91650."). The value found is read from armor's message (exposeLimits is on);
 * cost is fractional there (depth weights of 1.5) and rounded up.
 */
function reportLimit(kind: QueryLimit, limit: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, armorError: GraphQLError) => {
        const found = /\bfound (\d+(?:\.\d+)?)/.exec(armorError.message)?.[1];
        const error = queryLimitError(kind, limit, found === undefined ? null : Math.ceil(Number(found)));
        // Always a validation context for these rules; without one, refuse by throwing.
        if (!context) throw error;
        context.reportError(error);
      },
    ],
  };
}

/**
 * Tokens of a document (graphql-js's lexer, comments not counted), up to `stopAfter` (lexing a whole 1 MB body
 * takes a quarter of a second) or to a syntax error.
 */
export function countTokens(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (count < stopAfter && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: the parser reports it (unless the count is over the limit already).
  }
  return count;
}

/** Tokens are counted exactly up to this many times the limit; beyond, the refusal says "more than". */
const TOKEN_COUNT_FACTOR = 10;

/**
 * The token limit, in the parse function: a document over it is refused before it is parsed (parsing cost grows
 * with it), naming the count. Documents in yoga's parse cache are not parsed again, nor counted.
 */
function tokenLimitPlugin(limit: number): Plugin {
  const stopAfter = limit * TOKEN_COUNT_FACTOR + 1;
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        const found = countTokens(typeof source === 'string' ? source : source.body, stopAfter);
        if (found > limit) throw queryLimitError('tokens', limit, found, found === stopAfter);
        return parseFn(source, options);
      });
    },
  };
}

/**
 * Cuts "Did you mean ...?" from every error of every result (validation: unknown fields, arguments, types;
 * variable coercion: enum values, input fields; execution), for production.
 */
export function suggestionMaskPlugin(): Plugin {
  return {
    onExecutionResult({ result }) {
      const results = (Array.isArray(result) ? result : [result]) as Array<{ errors?: ReadonlyArray<{ message: string }> } | undefined>;
      for (const one of results) {
        // A subscription's stream: its events carry resolver errors (masked or typed), never a suggestion.
        if (!one || typeof one !== 'object' || Symbol.asyncIterator in one) continue;
        for (const error of one.errors ?? []) {
          const masked = withoutSuggestions(error.message);
          if (masked !== error.message) (error as { message: string }).message = masked;
        }
      }
    },
  };
}

/** The yoga/envelop plugins that limit what one operation may ask for. */
export function queryLimitPlugins(options: { production: boolean; introspection: boolean }): Plugin[] {
  const plugins: Plugin[] = [
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    tokenLimitPlugin(QUERY_LIMITS.maxTokens),
    EnvelopArmorPlugin({
      maxDepth: {
        n: QUERY_LIMITS.maxDepth,
        ignoreIntrospection: true,
        flattenFragments: true,
        ...reportLimit('depth', QUERY_LIMITS.maxDepth),
      },
      maxAliases: { n: QUERY_LIMITS.maxAliases, ...reportLimit('aliases', QUERY_LIMITS.maxAliases) },
      costLimit: {
        maxCost: QUERY_LIMITS.maxCost,
        ignoreIntrospection: true,
        flattenFragments: true,
        ...reportLimit('cost', QUERY_LIMITS.maxCost),
      },
      // tokenLimitPlugin above (it names the count).
      maxTokens: { enabled: false },
      maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...reportLimit('directives', QUERY_LIMITS.maxDirectives) },
      // suggestionMaskPlugin below, which also covers enum values and variables.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    // Control characters in a query's or subscription's arguments: refused before anything runs.
    argumentGuardPlugin(),
  ];
  // "Did you mean ...?" tells a stranger the schema; in production it is cut.
  if (options.production) plugins.push(suggestionMaskPlugin());
  if (!options.introspection) {
    plugins.push({
      onValidate({ addValidationRule }) {
        addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    });
  }
  return plugins;
}
