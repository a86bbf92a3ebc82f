import { isCollection, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath, type Problem } from './errors';
import { issueMessage } from './suggest';

/** A parsed YAML file that can say on which line a path inside it stands. */
export class YamlDoc {
  readonly data: unknown;
  readonly problems: Problem[] = [];
  private readonly lines = new LineCounter();
  private readonly doc;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
    });
    for (const error of this.doc.errors) {
      this.problems.push({
        file,
        path: '(syntax)',
        line: this.lines.linePos(error.pos[0]).line,
        reason: `YAML syntax: ${error.message.split('\n')[0]}`,
      });
    }
    this.data = this.problems.length ? undefined : this.doc.toJS({ maxAliasCount: 100 });
  }

  /** Line of the node at path, or of its nearest existing ancestor. */
  lineOf(path: readonly (string | number)[]): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return this.lines.linePos(node.range[0]).line;
      if (n === 0 && isCollection(this.doc.contents) && this.doc.contents.range) {
        return this.lines.linePos(this.doc.contents.range[0]).line;
      }
    }
    return undefined;
  }

  problem(path: readonly (string | number)[], reason: string): Problem {
    return { file: this.file, path: formatPath(path), line: this.lineOf(path), reason };
  }

  /** Validates against a zod schema; problems carry file, path and line. */
  parse<S extends z.ZodType>(schema: S): z.output<S> | undefined {
    if (this.problems.length) return undefined;
    const result = schema.safeParse(this.data);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      this.problems.push(this.problem(issue.path as (string | number)[], describeIssue(issue)));
    }
    return undefined;
  }
}

/** Zod's messages, made to say what was expected where it helps a rule author. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const last = issue.path.at(-1);
  if (last === 'source' && (issue.code === 'invalid_union' || issue.code === 'invalid_type')) {
    return "has no source: every criterion, amount and date cites one (a fact number such as 'CDMXCOOP-13', a document and line such as 'S000 L188', or an assumption such as 'A-02')";
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `required field is missing (${issue.expected} expected)`;
  }
  if (issue.code === 'invalid_union') {
    return 'does not match any allowed form (a condition is {all: [...]}, {any: [...]}, {not: ...} or {fact, operator, value})';
  }
  return issueMessage(issue);
}
