import type { OperatorAccount } from '../protocol/index.js';
import { hashPassword } from './passwords.js';

/**
 * The demo's accounts (`npm start` without an operators file): one operator per demo agency and one
 * supervisor of all three. The passwords are in the README; never use them anywhere real.
 */
export const DEMO_OPERATORS = [
  { id: 'mari', name: 'Mari Tamm', email: 'mari@tax.demo', agencies: ['tax'], role: 'operator', password: 'demo-tax-1234' },
  { id: 'jaan', name: 'Jaan Kask', email: 'jaan@police.demo', agencies: ['police'], role: 'operator', password: 'demo-police-1234' },
  { id: 'liis', name: 'Liis Mets', email: 'liis@social.demo', agencies: ['social'], role: 'operator', password: 'demo-social-1234' },
  { id: 'kadri', name: 'Kadri Saar', email: 'kadri@supervisor.demo', agencies: ['tax', 'police', 'social'], role: 'supervisor', password: 'demo-supervisor-1234' },
] as const;

let seeded: Promise<OperatorAccount[]> | undefined;

/** Hashed once per process (scrypt is deliberately slow); only agencies this instance serves are kept. */
export async function demoAccounts(agencies: string[]): Promise<OperatorAccount[]> {
  seeded ??= Promise.all(
    DEMO_OPERATORS.map(async ({ password, agencies: served, ...account }) => ({ ...account, agencies: [...served], passwordHash: await hashPassword(password) })),
  );
  return (await seeded)
    .map((account) => ({ ...account, agencies: account.agencies.filter((agency) => agencies.includes(agency)) }))
    .filter((account) => account.agencies.length > 0);
}
