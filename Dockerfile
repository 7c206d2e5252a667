# syntax=docker/dockerfile:1
# The Meld fra service as a container: for Azure Container Apps, App Service for Containers or any
# Docker host. Build and run:
#   docker build -t meld-fra .
#   docker run --rm -p 3978:3978 --env-file meld-fra.env meld-fra
# Configuration comes only from the environment (src/config.ts); nothing secret is baked in.

# Node 22 LTS: what production runs (App Service NODE|22-lts); Node 20 reached end of life in April 2026.
ARG NODE_VERSION=22

# --- build: every dependency, compile TypeScript, then drop the development dependencies ---
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/admin.ts scripts/azurite.ts ./scripts/
RUN npm run build && npm prune --omit=dev

# --- runtime: the compiled service and admin tool, production dependencies, the card templates ---
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
# Owned by root and read-only for the service's user: the service writes nothing to disk.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY cards ./cards
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The admin tool runs in the same image: node dist/scripts/admin.js import <file> (docs/admin.md).
# The heap cap: as infra/main.bicep's appCommandLine (why: bench/README.md, «the service's memory»).
CMD ["node", "--max-old-space-size=512", "dist/src/main.js"]
