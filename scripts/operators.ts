/**
 * `npm run operators -- <command>`: manage operator accounts in `operators.yaml` (or `--file`, or
 * OPERATORS_FILE). Passwords are read from SWB_OPERATOR_PASSWORD or asked for; only scrypt hashes are written.
 *
 *   add --id mari --name "Mari Tamm" --email mari@emta.ee --agencies tax[,police] [--role operator|supervisor]
 *   passwd <id>        new password; the operator's sessions end
 *   remove <id>        the operator's sessions end
 *   list
 *
 * A running server re-reads the file within a second: a changed password or a removed account ends the
 * sessions that depended on it (their fingerprint no longer matches, or the account is gone).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { hashPassword, readAccountsFile, writeAccountsFile } from '../src/operators/index.js';
import { OperatorAccount, Password } from '../src/protocol/index.js';

export interface CliIo {
  password(): Promise<string>;
  print(line: string): void;
}

export async function runOperatorsCli(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { file: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, agencies: { type: 'string' }, role: { type: 'string' } },
  });
  const file = values.file ?? process.env.OPERATORS_FILE ?? 'operators.yaml';
  const [command, target] = positionals;
  const accounts = readAccountsFile(file);
  const newHash = async () => hashPassword(Password.parse(await io.password()));
  switch (command) {
    case 'add': {
      if (accounts.some((account) => account.id === values.id || account.email === values.email?.toLowerCase())) throw new Error(`an account with this id or e-mail exists in ${file}`);
      const account = OperatorAccount.parse({ id: values.id, name: values.name, email: values.email?.toLowerCase(), agencies: values.agencies?.split(',').map((a) => a.trim()), role: values.role ?? 'operator', passwordHash: await newHash() });
      writeAccountsFile(file, [...accounts, account]);
      io.print(`added ${account.id} (${account.role}: ${account.agencies.join(', ')}) to ${file}`);
      return 0;
    }
    case 'passwd': {
      const account = accounts.find((entry) => entry.id === target);
      if (!account) throw new Error(`no account "${target}" in ${file}`);
      const passwordHash = await newHash();
      writeAccountsFile(file, accounts.map((entry) => (entry.id === target ? { ...entry, passwordHash } : entry)));
      io.print(`password of ${target} changed; their sessions end`);
      return 0;
    }
    case 'remove': {
      if (!accounts.some((entry) => entry.id === target)) throw new Error(`no account "${target}" in ${file}`);
      writeAccountsFile(file, accounts.filter((entry) => entry.id !== target));
      io.print(`removed ${target}; their sessions end`);
      return 0;
    }
    case 'list':
      for (const account of accounts) io.print(`${account.id}\t${account.role}\t${account.email}\t${account.agencies.join(',')}`);
      return 0;
    default:
      io.print('usage: npm run operators -- add --id <id> --name <name> --email <e-mail> --agencies <a,b> [--role operator|supervisor] | passwd <id> | remove <id> | list  [--file operators.yaml]');
      return 2;
  }
}

async function askPassword(): Promise<string> {
  if (process.env.SWB_OPERATOR_PASSWORD) return process.env.SWB_OPERATOR_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Mute the echo of what is typed after the prompt.
  const output = rl as unknown as { _writeToOutput?: (text: string) => void };
  const prompt = 'Password (10+ characters): ';
  output._writeToOutput = (text: string) => void (text.startsWith(prompt) && process.stdout.write(prompt));
  const password = await rl.question(prompt);
  process.stdout.write('\n');
  rl.close();
  return password;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runOperatorsCli(process.argv.slice(2), { password: askPassword, print: (line) => console.log(line) }).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
