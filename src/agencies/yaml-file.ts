import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { SwitchboardError } from '../errors/index.js';
import type { FrameIssue } from '../protocol/index.js';

/**
 * Parse YAML and validate it with a zod schema. Every failure becomes SWB_ERR_PACK_INVALID whose issues
 * name the file, the line and the field (`agencies/tax/intents/en.yaml:14 intents.2.examples: …`).
 */
export function parseYamlWith<S extends z.ZodType>(schema: S, source: string, file: string): z.infer<S> {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => ({
      path: `${file}:${lineOf(lineCounter, error.pos[0])}`,
      code: 'invalid_yaml',
      message: error.message.split('\n')[0],
    }));
    throw packError(file, issues);
  }
  const parsed = schema.safeParse(document.toJS());
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: `${file}:${lineOfPath(document, lineCounter, issue.path)} ${issue.path.join('.') || '(root)'}`,
    code: issue.code,
    message: issue.message,
  }));
  throw packError(file, issues);
}

export async function readYamlWith<S extends z.ZodType>(schema: S, file: string, displayName = file): Promise<z.infer<S>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SwitchboardError('SWB_ERR_PACK_INVALID', `${displayName}: cannot be read`, {
      cause,
      issues: [{ path: displayName, code: 'unreadable', message: 'file cannot be read' }],
    });
  }
  return parseYamlWith(schema, source, displayName);
}

export function packError(file: string, issues: FrameIssue[]): SwitchboardError {
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new SwitchboardError('SWB_ERR_PACK_INVALID', `invalid pack ${file}: ${summary}`, { issues, details: { file } });
}

function lineOf(lineCounter: LineCounter, offset: number): number {
  return lineCounter.linePos(offset).line;
}

/** The line of the deepest node that exists on the issue's path (a missing field points at its parent). */
function lineOfPath(document: Document, lineCounter: LineCounter, path: ReadonlyArray<PropertyKey>): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as Array<string | number>, true);
    if (isNode(node) && node.range) return lineOf(lineCounter, node.range[0]);
  }
  return 1;
}
