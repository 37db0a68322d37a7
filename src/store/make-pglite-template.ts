// `npm run build`'s last step: the migrated PGlite that a first start on an empty data folder loads
// (store/pglite-template.ts), written beside the compiled store modules.
import { buildPgliteTemplate } from './open.js';

await buildPgliteTemplate();
