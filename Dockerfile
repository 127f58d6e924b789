# syntax=docker/dockerfile:1
# newsbrief: build with dev dependencies, run with production dependencies only.

# ---- build: compile TypeScript and build better-sqlite3 for this image ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# Same install minus dev tooling; the native module is rebuilt here, not copied from a dev box.
RUN npm ci --omit=dev

# ---- run ----
FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production \
    HEALTH_PORT=8080 \
    NEWSBRIEF_DB=/app/data/newsbrief.db \
    NEWSBRIEF_SEEDS_DIR=/app/seeds \
    NEWSBRIEF_CONFIG=/app/config/newsbrief.json
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
# Baked-in seeds; mount a folder over /app/seeds to use your own (it is watched live).
COPY seeds ./seeds
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, no shell in between: node gets SIGTERM itself and shuts down cleanly (exit 0).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
