import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { OperatorsFile, type OperatorAccount } from '../protocol/index.js';
import { parseYamlWith } from '../agencies/index.js';
import { SwitchboardError } from '../errors/index.js';

/**
 * Operator accounts: `operators.yaml` (written by `npm run operators`, or by supervisors through the admin
 * API), re-read when the file changes so a password changed by the CLI ends sessions on a running server.
 * Without a file, a fixed list (the demo's seed, or a test's).
 */
export class AccountDirectory {
  #accounts: OperatorAccount[] = [];
  #mtimeMs = -1;
  #checkedAt = 0;

  private constructor(readonly file?: string) {}

  static fromFile(file: string): AccountDirectory {
    const directory = new AccountDirectory(file);
    directory.#reload(true);
    return directory;
  }

  static fixed(accounts: OperatorAccount[]): AccountDirectory {
    const directory = new AccountDirectory();
    directory.#accounts = accounts.map((account) => ({ ...account, email: account.email.toLowerCase() }));
    return directory;
  }

  all(): OperatorAccount[] {
    this.#reload();
    return this.#accounts;
  }

  byId(id: string): OperatorAccount | undefined {
    return this.all().find((account) => account.id === id);
  }

  byEmail(email: string): OperatorAccount | undefined {
    const wanted = email.toLowerCase();
    return this.all().find((account) => account.email === wanted);
  }

  upsert(account: OperatorAccount): void {
    const others = this.all().filter((existing) => existing.id !== account.id);
    if (others.some((existing) => existing.email === account.email.toLowerCase())) {
      throw new SwitchboardError('SWB_ERR_CONFLICT', 'another account has this e-mail address');
    }
    this.#write([...others, { ...account, email: account.email.toLowerCase() }]);
  }

  remove(id: string): boolean {
    const before = this.all();
    const after = before.filter((account) => account.id !== id);
    this.#write(after);
    return after.length !== before.length;
  }

  #write(accounts: OperatorAccount[]): void {
    this.#accounts = accounts;
    if (!this.file) return;
    writeAccountsFile(this.file, accounts);
    this.#mtimeMs = statSync(this.file).mtimeMs;
  }

  /** At most once a second: a stat, and a parse only when the file changed. */
  #reload(force = false): void {
    if (!this.file) return;
    const now = Date.now();
    if (!force && now - this.#checkedAt < 1000) return;
    this.#checkedAt = now;
    if (!existsSync(this.file)) {
      this.#accounts = [];
      return;
    }
    const mtimeMs = statSync(this.file).mtimeMs;
    if (mtimeMs === this.#mtimeMs) return;
    this.#accounts = readAccountsFile(this.file);
    this.#mtimeMs = mtimeMs;
  }
}

export function readAccountsFile(file: string): OperatorAccount[] {
  if (!existsSync(file)) return [];
  const parsed = parseYamlWith(OperatorsFile, readFileSync(file, 'utf8'), file);
  return parsed.operators.map((account) => ({ ...account, email: account.email.toLowerCase() }));
}

/** Written whole to a temporary file, then renamed: a reader never sees half a file. Owner-only permissions. */
export function writeAccountsFile(file: string, accounts: OperatorAccount[]): void {
  const body = `# Switchboard operator accounts. Edit with \`npm run operators -- add|passwd|remove\`.\n${stringify({ operators: accounts })}`;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, body, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Changes whenever the password does: a session signed before a password change no longer matches. */
export function passwordFingerprint(account: OperatorAccount): string {
  return createHash('sha256').update(account.passwordHash).digest('base64url').slice(0, 12);
}

/** What the citizen sees: the first name only. */
export function firstName(account: Pick<OperatorAccount, 'name'>): string {
  return account.name.trim().split(/\s+/)[0] ?? account.name;
}
