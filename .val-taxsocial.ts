import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { IntentPack, AgencyManifest } from './src/protocol/index.ts';
for (const f of process.argv.slice(2)) {
  const schema = f.endsWith('manifest.yaml') ? AgencyManifest : IntentPack;
  const data = parse(readFileSync(f, 'utf8'));
  const r = schema.safeParse(data);
  if (!r.success) { console.log(f, JSON.stringify(r.error.issues, null, 1)); continue; }
  if ('intents' in r.data) {
    const counts = (r.data as any).intents.map((i: any) => `${i.name}:${i.examples.length}`);
    const min = Math.min(...(r.data as any).intents.map((i: any) => i.examples.length));
    console.log(f, 'OK', (r.data as any).intents.length, 'intents, min examples', min);
    if (process.env.V) console.log(counts.join(' '));
  } else console.log(f, 'OK');
}
