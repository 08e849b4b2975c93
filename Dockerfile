# Switchboard: one instance. Runs TypeScript through tsx, as `npm start` does.
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
RUN npm run build:widget
USER node
ENV PORT=3000 HOST=0.0.0.0 LOG_LEVEL=info
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]
