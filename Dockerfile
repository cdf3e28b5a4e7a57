# syntax=docker/dockerfile:1
# image: ghcr.io/smart-energy-monitor/${SERVICE}
# One Dockerfile for every service; SERVICE names the one to build (its folder):
#   broker, ingest-service, alert-service, api-gateway, analytics-service.
# Build from the repository root:
#   docker build --build-arg SERVICE=alert-service -t ghcr.io/smart-energy-monitor/alert-service:0.1.0 .
# BuildKit builds only the stages the chosen service needs (the dashboard only for the gateway).
ARG SERVICE

# --- every workspace's package.json: npm ci needs them all to match the lock file -----------
FROM node:20-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/db/package.json libs/db/
COPY libs/service-kit/package.json libs/service-kit/
COPY broker/package.json broker/
COPY ingest-service/package.json ingest-service/
COPY alert-service/package.json alert-service/
COPY api-gateway/package.json api-gateway/
COPY analytics-service/package.json analytics-service/
COPY dashboard-angular/package.json dashboard-angular/
COPY tools/device-simulator/package.json tools/device-simulator/
COPY tools/stack/package.json tools/stack/
COPY tools/twin/package.json tools/twin/
COPY firmware-arduino/sim/package.json firmware-arduino/sim/

# --- production dependencies only ------------------------------------------------------------
FROM manifests AS deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- the Angular dashboard, built with the dev dependencies (Angular CLI); the gateway serves it
FROM manifests AS dashboard
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
# The dashboard imports the wire contracts (types only).
COPY libs/contracts ./libs/contracts
COPY dashboard-angular ./dashboard-angular
RUN cd dashboard-angular && npx ng build

# --- what every image holds: sources run through swc at start (tools/run-ts.cjs), no build step
FROM node:20-slim AS base
LABEL org.opencontainers.image.source="https://github.com/smart-energy-monitor/smart-energy-monitor" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.base.json ./
COPY tools/run-ts.cjs tools/
COPY libs ./libs

# --- what differs by service: description, extra files, ports, entry point -------------------
# The simulator and the provisioning CLI ship in the broker's image too (a few kilobytes), so compose
# and a cluster can provision devices and run a demo load without another image.
FROM base AS service-broker
LABEL org.opencontainers.image.description="Smart energy monitor: Aedes MQTT broker with device authentication"
# Fewer young-generation collections on the per-reading hot path (see tools/stack/src/stack.ts).
ENV NODE_OPTIONS=--max-semi-space-size=32
COPY tools/device-simulator ./tools/device-simulator
# MQTT, MQTT over WebSocket, MQTT over TLS (only with a mounted certificate), /health and /metrics.
EXPOSE 1883 8083 8883 8084 9101
CMD ["node", "tools/run-ts.cjs", "broker/src/main.ts"]

FROM base AS service-ingest-service
LABEL org.opencontainers.image.description="Smart energy monitor: Ingest: stores readings exactly once in MySQL, acks devices after commit"
ENV NODE_OPTIONS=--max-semi-space-size=32
# /health and /metrics.
EXPOSE 9102
CMD ["node", "tools/run-ts.cjs", "ingest-service/src/main.ts"]

FROM base AS service-alert-service
LABEL org.opencontainers.image.description="Smart energy monitor: Alert rules, load shedding and CallMeBot notifications"
# /health and /metrics.
EXPOSE 9103
CMD ["node", "tools/run-ts.cjs", "alert-service/src/main.ts"]

FROM base AS service-api-gateway
LABEL org.opencontainers.image.description="Smart energy monitor: HTTP API, live SSE and the dashboard"
# Served from DASHBOARD_DIST, whose default is dashboard-angular/dist/dashboard-angular/browser.
COPY --from=dashboard /app/dashboard-angular/dist ./dashboard-angular/dist
# HTTP: API, /api/docs, SSE, dashboard, /health and /metrics.
EXPOSE 8080 9104
CMD ["node", "tools/run-ts.cjs", "api-gateway/src/main.ts"]

FROM base AS service-analytics-service
LABEL org.opencontainers.image.description="Smart energy monitor: Analytics: forecasts, unusual consumption and appliance signatures"
# /health, /metrics and the API the gateway asks over the bus (HTTP_PORT).
EXPOSE 9105
CMD ["node", "tools/run-ts.cjs", "analytics-service/src/main.ts"]

# --- the image: the chosen service's stage and its sources ---------------------------------------
FROM service-${SERVICE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="${SERVICE}"
COPY ${SERVICE} ./${SERVICE}
# The image's "node" user, numeric so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# (CMD comes from the service's stage, in exec form: node is PID 1 and receives SIGTERM itself, so
# the graceful shutdown runs.)
