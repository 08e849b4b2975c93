# Switchboard: one instance. Runs TypeScript through tsx, as `npm start` does (node is PID 1: `docker stop`'s
# SIGTERM reaches the server). tests/docker/dockerfile.test.ts runs these steps without Docker.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY agencies ./agencies
COPY intents ./intents
COPY widget ./widget
COPY console ./console
COPY scripts ./scripts
# dist/widget/: the widget as served (for a CDN; also fails the build if the widget does not bundle).
RUN npm run build:widget
# The intent model is trained at start and cached here: the one folder the node user writes.
RUN mkdir -p node_modules/.cache/switchboard && chown node:node node_modules/.cache/switchboard
USER node
ENV PORT=3000 HOST=0.0.0.0 LOG_LEVEL=info
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]
