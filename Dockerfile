# syntax=docker/dockerfile:1
# grogne in a container. `docker compose up -d` (compose.yaml) builds and runs it; by hand:
#   docker build -t grogne .
#   docker run -d -p 127.0.0.1:8787:8787 -v grogne-data:/var/lib/grogne grogne
# The image runs `grogne start` as the unprivileged user grogne, with the demo configuration
# of deploy/docker/grogne.config.json (mount your own over /etc/grogne/grogne.config.json).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt one can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Dependencies in their own layer, kept while only the sources change. Scripts are skipped
# here because `prepare` (the build) needs the sources; the native module is built by rebuild.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3 esbuild
COPY bin ./bin
COPY scripts/build.js ./scripts/build.js
COPY src ./src
COPY data ./data
# src/ to dist/: the command starts in plain Node, with no TypeScript compiled at run time.
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system grogne \
  && useradd --system --gid grogne --home-dir /var/lib/grogne --shell /usr/sbin/nologin grogne \
  && mkdir -p /var/lib/grogne /etc/grogne \
  && chown grogne:grogne /var/lib/grogne
COPY --from=build /app /app
COPY deploy/docker/grogne.config.json /etc/grogne/grogne.config.json
ENV GROGNE_CONFIG=/etc/grogne/grogne.config.json
USER grogne
# The database, its WAL and the digest outbox: everything grogne writes.
VOLUME ["/var/lib/grogne"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec form: node is PID 1's child of nothing, so SIGTERM from `docker stop` reaches grogne,
# which stops polling, finishes what it writes and closes the database.
CMD ["node", "bin/grogne.js", "start"]
