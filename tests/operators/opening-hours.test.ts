import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { isOpenAt } from '../../src/operators/index.js';
import { OpeningHours } from '../../src/protocol/index.js';
import { startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { api, signInDemo } from '../helpers/operator-client.js';

const tallinn = OpeningHours.parse({ timeZone: 'Europe/Tallinn', week: { mon: ['09:00-12:00', '13:00-17:00'], fri: ['09:00-15:00'] }, holidays: ['2026-12-24'] });

describe('opening hours', () => {
  it('are read in the agency time zone, by weekday ranges, with public holidays closed', () => {
    // Monday 2026-12-07 10:30 in Tallinn is 08:30 UTC (EET, UTC+2).
    expect(isOpenAt(tallinn, new Date('2026-12-07T08:30:00Z'))).toBe(true);
    expect(isOpenAt(tallinn, new Date('2026-12-07T10:30:00Z'))).toBe(false); // 12:30, lunch
    expect(isOpenAt(tallinn, new Date('2026-12-07T06:59:00Z'))).toBe(false); // 08:59
    expect(isOpenAt(tallinn, new Date('2026-12-08T08:30:00Z'))).toBe(false); // Tuesday: no hours
    // Thursday 2026-12-24 is a holiday even within Monday-like hours; Friday 2026-12-25 09:30 is open.
    expect(isOpenAt({ ...tallinn, week: { ...tallinn.week, thu: ['09:00-17:00'] } }, new Date('2026-12-24T08:30:00Z'))).toBe(false);
    expect(isOpenAt(tallinn, new Date('2026-12-25T07:30:00Z'))).toBe(true);
    expect(isOpenAt(undefined)).toBe(true);
  });

  describe('outside hours, over a real WebSocket', () => {
    let server: RunningServer;
    const clients: WidgetClient[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      // Social's operators are never in (no working day at all): every handover meets closed doors.
      const social = server.registry.get('social')!;
      server.registry.upsert({ manifest: { ...social.manifest, operators: { ...social.manifest.operators, openingHours: { timeZone: 'Europe/Tallinn', week: {}, holidays: [] } } }, packs: social.packs });
    });

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await server.close();
    });

    it('the citizen is told at once, in their language, and leaves a contact request the operators see', async () => {
      const client = await WidgetClient.connect(server.url);
      clients.push(client);
      const { conversationId } = await client.hello({ language: 'et', agency: 'social' });
      client.send({ type: 'action', action: 'request_human' });
      const closed = await client.next('message', (frame) => frame.offer === 'contact_request');
      expect(closed.text).toContain('suletud');
      expect((await server.backend.store.get(conversationId))?.state).toBe('bot');

      client.send({ type: 'contact', request: { name: 'Anu', question: 'Millal saab helistada?' } });
      const invalid = await client.next('error');
      expect(invalid.code).toBe('SWB_ERR_PROTOCOL_INVALID');
      client.send({ type: 'contact', request: { name: 'Anu Saar', phone: '+372 5555 1234', question: 'Millal saab helistada?' } });
      await client.next('message', (frame) => frame.from === 'system' && frame.text.startsWith('Aitäh.'));

      const { token } = await signInDemo(server.url, 'liis');
      const requests = await api(server.url, token, 'GET', '/api/operators/agencies/social/contact-requests');
      expect(requests.body.requests).toEqual([expect.objectContaining({ conversationId, agency: 'social', request: { name: 'Anu Saar', phone: '+372 5555 1234', question: 'Millal saab helistada?' } })]);
      const { token: other } = await signInDemo(server.url, 'mari');
      expect((await api(server.url, other, 'GET', '/api/operators/agencies/social/contact-requests')).status).toBe(403);
    });
  });
});
