import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMemoryBackend, createRedisBackend, type Backend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import type { AnalyticsReport, ServerFrame } from '../../src/protocol/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { api, signInDemo } from '../helpers/operator-client.js';

/**
 * Issue 21 item 1: the analytics API's figures equal a scripted set of conversations exactly, on the memory
 * backend and on a test-owned Redis. Four tax conversations:
 *  1. en: a tax question, a rating of 5, asks for a person; mari claims and closes it "resolved".
 *  2. en, delete_on_close: a question nobody answers (fallback, counted, no text kept), a rating of 2.
 *  3. et: a tax question, a rating of 4.
 *  4. en, keep_and_improve: a question nobody answers, with a personal ID code in it (kept, redacted).
 * Asking for a person is an action, not a message: four messages, two of them fallbacks.
 */
const ID_CODE = '49403136515';

for (const kind of ['memory', 'redis'] as const) {
  describe(`agency analytics on scripted conversations (${kind})`, () => {
    let server: RunningServer;
    let backend: Backend;
    const widgets: WidgetClient[] = [];
    let waitSeconds = 0;
    const today = new Date().toISOString().slice(0, 10);

    async function conversation(hello: Record<string, unknown>): Promise<WidgetClient> {
      const widget = await WidgetClient.connect(server.url);
      widgets.push(widget);
      await widget.hello({ agency: 'tax', ...hello });
      return widget;
    }

    async function rate(widget: WidgetClient, score: number): Promise<void> {
      const from = widget.frames.length;
      widget.send({ type: 'rating', score });
      await widget.waitFor((frame: ServerFrame) => frame.type === 'message' && frame.from === 'system', { from });
      await server.router.drain();
    }

    beforeAll(async () => {
      backend = kind === 'memory' ? createMemoryBackend() : await createRedisBackend(inject('redisUrl'), { prefix: `swb:test-${randomUUID()}:`, logger: createLogger({ level: 'silent' }) });
      server = await startTestServer({ backend });

      const first = await conversation({ language: 'en' });
      await ask(server, first, 'When is the income tax return deadline?');
      await rate(first, 5);
      const { conversationId } = first.frames.find((frame) => frame.type === 'welcome') as { conversationId: string };
      first.send({ type: 'action', action: 'request_human' });
      await first.waitFor((frame: ServerFrame) => frame.type === 'status' && frame.state === 'waiting_human');
      const { token } = await signInDemo(server.url, 'mari');
      expect((await api(server.url, token, 'PUT', '/api/operators/me/availability', { status: 'online' })).status).toBe(204);
      const claimed = await api(server.url, token, 'POST', `/api/operators/conversations/${conversationId}/claim`);
      expect(claimed.status).toBe(200);
      waitSeconds = (Date.parse(claimed.body.item.claimedAt) - Date.parse(claimed.body.item.queuedAt)) / 1000;
      expect((await api(server.url, token, 'POST', `/api/operators/conversations/${conversationId}/close`, { outcome: 'resolved' })).status).toBe(204);

      const second = await conversation({ language: 'en', privacyLevel: 'delete_on_close' });
      await ask(server, second, 'purple elephants juggle violins underwater');
      await rate(second, 2);

      const third = await conversation({ language: 'et' });
      await ask(server, third, 'Millal on tuludeklaratsiooni esitamise tähtaeg?');
      await rate(third, 4);

      const fourth = await conversation({ language: 'en', privacyLevel: 'keep_and_improve' });
      await ask(server, fourth, `purple elephants juggle violins, my code is ${ID_CODE}`);
      await server.router.drain();
    }, 60_000);

    afterAll(async () => {
      await Promise.all(widgets.map((widget) => widget.close()));
      await server?.close();
      await backend?.close();
    });

    it('the report equals the script', async () => {
      const { token } = await signInDemo(server.url, 'mari');
      const { status, body } = await api(server.url, token, 'GET', `/api/operators/agencies/tax/analytics?from=${today}&to=${today}`);
      expect(status).toBe(200);
      const report = body as AnalyticsReport;
      expect(report).toEqual({
        agency: 'tax',
        from: today,
        to: today,
        conversations: 4,
        messages: 4,
        intents: { 'tax/income_tax_return_deadline': 2 },
        fallbackRate: 2 / 4,
        clarificationRate: 0,
        handoverRate: 1 / 4,
        handovers: 1,
        waitMedianSeconds: waitSeconds,
        waitP90Seconds: waitSeconds,
        outcomes: { resolved: 1 },
        ratings: { count: 3, mean: 11 / 3, distribution: { '2': 1, '4': 1, '5': 1 } },
        languages: { en: 3, et: 1 },
        days: [{ day: today, conversations: 4, messages: 4, fallbacks: 2, clarifications: 0, handovers: 1 }],
      });
    });

    it('unplaced questions: the delete_on_close one is counted only, the other kept redacted', async () => {
      const { token } = await signInDemo(server.url, 'mari');
      const { body } = await api(server.url, token, 'GET', `/api/operators/agencies/tax/unplaced?from=${today}&to=${today}`);
      expect(body.total).toBe(2);
      expect(body.countedOnly).toBe(1);
      expect(body.groups).toHaveLength(1);
      expect(body.groups[0].count).toBe(1);
      expect(JSON.stringify(body)).not.toContain(ID_CODE);
      expect(body.groups[0].examples[0]).toContain('purple elephants juggle violins');
    });

    // Runs after the report: it adds to the figures.
    it('a clarification answered with something else is an unplaced question (its question, redacted)', async () => {
      const widget = await conversation({ language: 'en', privacyLevel: 'keep_and_improve' });
      const replies = await ask(server, widget, 'Where can I park my bicycle near the tax office?');
      expect(replies.some((reply) => (reply.choices?.length ?? 0) > 1)).toBe(true);
      await ask(server, widget, 'never mind, thanks anyway');
      const { token } = await signInDemo(server.url, 'mari');
      const { body } = await api(server.url, token, 'GET', `/api/operators/agencies/tax/unplaced?from=${today}&to=${today}`);
      const examples = body.groups.flatMap((group: { examples: string[] }) => group.examples);
      expect(examples).toContain('Where can I park my bicycle near the tax office?');
    });

    // Runs after the report too. Only `keep_and_improve` ("use it, without personal data, to improve the
    // service") lets a question's text be kept for grouping; `keep_for_retention` is counted only.
    it('a question that could not be placed, from a keep_for_retention conversation, is counted but its text not kept', async () => {
      const { token } = await signInDemo(server.url, 'mari');
      const before = await api(server.url, token, 'GET', `/api/operators/agencies/tax/unplaced?from=${today}&to=${today}`);
      const widget = await conversation({ language: 'en', privacyLevel: 'keep_for_retention' });
      await ask(server, widget, 'turquoise giraffes recite sonnets backwards');
      await server.router.drain();
      const after = await api(server.url, token, 'GET', `/api/operators/agencies/tax/unplaced?from=${today}&to=${today}`);
      expect(JSON.stringify(after.body)).not.toContain('turquoise giraffes');
      expect(after.body.countedOnly).toBe(before.body.countedOnly + 1);
    });

    it('a police operator may not read the tax office figures', async () => {
      const { token } = await signInDemo(server.url, 'jaan');
      expect((await api(server.url, token, 'GET', `/api/operators/agencies/tax/analytics?from=${today}&to=${today}`)).status).toBe(403);
    });
  });
}
