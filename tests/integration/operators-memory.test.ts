import { describeOperatorScenarios } from './operators.scenarios.js';
import { startTestServer } from '../helpers/switchboard.js';

describeOperatorScenarios('memory', async () => {
  const server = await startTestServer({ operators: { graceMs: 200 } });
  return { citizens: server, operators: server, close: () => server.close() };
});
