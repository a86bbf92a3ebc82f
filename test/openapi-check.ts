import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against the OpenAPI document with an independent validator (ajv, JSON Schema
 * 2020-12, which OpenAPI 3.1 schemas are): the route and method are documented, the status is
 * documented for them, the Content-Type is one the status documents, and a JSON body (each line of
 * an NDJSON body) validates against the documented schema, with $refs resolved from the document's
 * components.
 */

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  description: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean }>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

export interface CheckedResponse {
  method: string;
  /** The path as requested (with the query). */
  url: string;
  /** The documented path template, if one matches. */
  route?: string;
  /** True when the route documents this method. */
  operation: boolean;
  status: number;
  contentType: string;
  body: string;
  /** Why the response does not conform to the document; empty when it does. */
  problems: string[];
}

const COMPONENTS = 'https://vincula.test/components';
/** The schema every line of an NDJSON body validates against, when the document has it. */
const NDJSON_LINE = 'BatchLine';

const isJson = (type: string) => /^application\/([\w.-]+\+)?json$/.test(type);
const essence = (type: string | null) => (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Replaces every '#/components/schemas/X' with a reference into the components registered in ajv. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${COMPONENTS}#/$defs/${v.slice('#/components/schemas/'.length)}`
        : rewriteRefs(v);
  }
  return out;
}

export function openApiChecker(document: OpenApiDocument) {
  const doc = rewriteRefs(structuredClone(document)) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS, $defs: doc.components.schemas });

  // Literal paths before templated ones, so /docs/init.js is not taken for /docs/{file}.
  const routes = Object.keys(doc.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(
        `^${template
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
          .join('')}$`,
      ),
    }))
    .sort((a, b) => a.params - b.params);

  const validators = new Map<unknown, ValidateFunction>();
  const validatorOf = (schema: unknown) => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(schema as object);
      validators.set(schema, validate);
    }
    return validate;
  };
  const lineSchema = doc.components.schemas[NDJSON_LINE]
    ? { $ref: `${COMPONENTS}#/$defs/${NDJSON_LINE}` }
    : undefined;

  const errorsOf = (validate: ValidateFunction, value: unknown, where = '') =>
    (validate(value) ? [] : (validate.errors ?? [])).map(
      (e) => `${where}${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );

  function route(pathname: string) {
    return routes.find((r) => r.pattern.test(pathname));
  }

  /** The documented operations, as "METHOD /path" and the statuses each documents. */
  function operations() {
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        statuses: Object.keys(op.responses),
      })),
    );
  }

  async function check(method: string, url: string, response: Response): Promise<CheckedResponse> {
    const body = await response.text();
    const contentType = response.headers.get('Content-Type') ?? '';
    const pathname = new URL(url, 'http://vincula.test').pathname;
    const found = route(pathname);
    const problems: string[] = [];
    const result: CheckedResponse = {
      method,
      url,
      status: response.status,
      contentType,
      body,
      problems,
      operation: false,
      ...(found ? { route: found.template } : {}),
    };
    if (!found) {
      problems.push(`no documented path matches ${pathname}`);
      return result;
    }
    const operation = doc.paths[found.template]?.[method.toLowerCase()];
    if (!operation) {
      problems.push(`${method} is not documented for ${found.template}`);
      return result;
    }
    result.operation = true;
    const documented =
      operation.responses[String(response.status)] ??
      operation.responses[`${String(response.status)[0]}XX`] ??
      operation.responses.default;
    if (!documented) {
      problems.push(
        `status ${response.status} is not documented for ${method} ${found.template} (documented: ${Object.keys(operation.responses).join(', ')})`,
      );
      return result;
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      if (header.required && !response.headers.has(name)) problems.push(`header ${name} is missing`);
    }
    const content = documented.content;
    if (!content) {
      if (body.length) problems.push(`status ${response.status} documents no body, but one came`);
      return result;
    }
    const type = essence(contentType);
    const media =
      content[type] ??
      Object.entries(content).find(([t]) => t.endsWith('/*') && type.startsWith(t.slice(0, -1)))?.[1];
    if (!media) {
      problems.push(
        `Content-Type '${contentType}' is not documented for ${response.status} (documented: ${Object.keys(content).join(', ')})`,
      );
      return result;
    }
    if (isJson(type)) {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (error) {
        problems.push(`the body is not JSON: ${(error as Error).message}`);
        return result;
      }
      if (media.schema) problems.push(...errorsOf(validatorOf(media.schema), value));
    } else if (type === 'application/x-ndjson') {
      const lines = body.split('\n');
      if (lines.at(-1) === '') lines.pop();
      lines.forEach((line, i) => {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (error) {
          problems.push(`line ${i + 1} is not JSON: ${(error as Error).message}`);
          return;
        }
        if (lineSchema) problems.push(...errorsOf(validatorOf(lineSchema), value, `line ${i + 1}: `));
      });
    }
    return result;
  }

  return { check, operations, route };
}

/** A failing response, readable in a test's output. */
export function describeResponse(r: CheckedResponse, bodyChars = 600) {
  const body = r.body.length > bodyChars ? `${r.body.slice(0, bodyChars)}… (${r.body.length} chars)` : r.body;
  return `${r.method} ${r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url} → ${r.status} ${r.contentType}\n  ${r.problems.join('\n  ')}\n  body: ${body}`;
}
