# syntax=docker/dockerfile:1
# The IdP gateway as a small image that runs as a non-root user (README, "Docker").
# Base: node:20-alpine. What the gateway runs is JavaScript (compiled from src/ in the build stage) and
# WebAssembly (PGlite), and postgres.js is pure JS, so musl is no obstacle, and alpine is about half the size of slim.
ARG NODE_IMAGE=node:20-alpine

# 1. Production dependencies only, exactly as the lock file says. No install scripts (none is needed to run:
#    the only ones are esbuild's, a devDependency's). Source maps and type declarations of the dependencies are
#    not needed to run: dropped.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete

# 2. The build: every dependency (esbuild is a devDependency), then `npm run build` (esbuild: src/ to dist/ file
#    by file, with source maps). Only dist/ leaves this stage; BuildKit runs it alongside stage 1.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
# The console (console/, bundled by scripts/build-console.mjs into dist/console/).
COPY console ./console
COPY scripts ./scripts
COPY schema ./schema
# The build ends by making the migrated PGlite a first start loads (dist/store/pglite-template.tar.gz): it migrates.
COPY drizzle ./drizzle
RUN npm run build

# 3. The runtime: the compiled code and its dependencies, owned by root and read-only to the gateway's user `node`.
#    No config and no secret is baked in: the config file is mounted at IDP_GATEWAY_CONFIG and its
#    { "env": "NAME" } references, DATABASE_URL and IDP_GATEWAY_SECRET_KEY come from the environment.
FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: as `npm start` runs the gateway (package.json), V8's young generation capped at 2 x 8 MB.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=8 \
    HOST=0.0.0.0 \
    PORT=4000 \
    IDP_GATEWAY_CONFIG=/etc/idp-gateway/config.json \
    IDP_GATEWAY_DATA_DIR=/var/lib/idp-gateway
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json says "type": "module"; drizzle/ holds the migrations applied at start (dist/store/open.js finds
# them at ../../drizzle, as src/store/open.ts does in a checkout).
COPY package.json ./
COPY drizzle ./drizzle
COPY bin ./bin
# The data folder is the gateway's only writable place (PGlite and its fingerprint key, without DATABASE_URL).
# The runtime needs node only: npm, npx, corepack and yarn go (less to scan, nothing to install with).
RUN mkdir -p /var/lib/idp-gateway /etc/idp-gateway && chown node:node /var/lib/idp-gateway \
 && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
           /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
USER node
EXPOSE 4000
# Liveness (no curl in the image: node's fetch). docker-compose.yml checks /ready, which also checks the store.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The CLI, bin/idp-gateway.js, which runs dist/cli/main.js with source maps on: `start` by default;
# `docker run --rm <image> hash-token` or `check-config <file>`.
ENTRYPOINT ["node", "bin/idp-gateway.js"]
CMD ["start"]
