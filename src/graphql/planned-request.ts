// A vendor request as a plan shows it: exact, with every secret replaced by [REDACTED].
import type { DisplayedRequest } from '../core/mutations/planned-requests.js';
import { builder } from './builder.js';

export const PlannedVendorRequestRef = builder.objectRef<DisplayedRequest>('PlannedVendorRequest').implement({
  description: 'A vendor write as it is (or would be) sent: method, path, query, headers and body, secrets redacted.',
  fields: (t) => ({
    method: t.exposeString('method'),
    path: t.exposeString('path', { description: "Path below the connection's base URL." }),
    query: t.field({ type: 'JSON', resolve: (r) => r.query }),
    headers: t.field({ type: 'JSON', description: 'Auth headers are listed with the value [REDACTED].', resolve: (r) => r.headers }),
    body: t.exposeString('body', { nullable: true }),
    purpose: t.exposeString('purpose'),
  }),
});
