# Airbyte source connector for Attio (TypeScript, ESM).
#
# The base is a build argument so the image can be built from the official Node LTS image
# (the default) or from a local stand-in with the same layout (see .ci/container/).
# Node 22 is the LTS line in maintenance; Node 20 reached end of life on 2026-04-30.
ARG BASE_IMAGE=node:22-bookworm-slim

# ---- build: install all dependencies, compile src/ and bundle it into dist/src/main.js ----
FROM ${BASE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# .dockerignore keeps integration_tests/ and *.test.ts out of the context, so this emits dist/src only;
# esbuild then rewrites dist/src/main.js as one file holding every module it imports (zod included; undici is
# loaded from node_modules by src/http/undici.ts).
RUN npm run build

# ---- runtime: production dependencies, the bundled code, static schemas -----------------
FROM ${BASE_IMAGE}
WORKDIR /airbyte
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf /root/.npm /tmp/*
COPY --from=build /build/dist/src/main.js ./dist/src/main.js
COPY schemas ./schemas

USER node

ENV AIRBYTE_ENTRYPOINT="node /airbyte/dist/src/main.js"
ENTRYPOINT ["node", "/airbyte/dist/src/main.js"]

LABEL io.airbyte.name="airbyte/source-attio"
LABEL io.airbyte.version="0.3.0"
