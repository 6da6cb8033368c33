import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the brief says the official description lives; read at test time, never copied into the project. */
export const XERO_OPENAPI_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/reference/xero-openapi/xero_accounting.yaml',
);

export interface OperationShape {
  queryParameters: Set<string>;
  headerParameters: Set<string>;
  requiredHeaders: Set<string>;
}

/** `GET /Invoices` → its declared query and header parameters. */
export type XeroApiShape = Map<string, OperationShape>;

interface ParameterDeclaration {
  in: string;
  name: string;
  required: boolean;
}

/*
 * A deliberately small reader for the one layout this file uses (two-space YAML, paths under `paths:`,
 * shared parameters under `components: parameters:`), so the tests need no YAML dependency.
 */
export function readXeroApiShape(file = XERO_OPENAPI_FILE): XeroApiShape | undefined {
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');

  const shared = new Map<string, ParameterDeclaration>();
  const componentsStart = lines.indexOf('  parameters:');
  if (componentsStart >= 0) {
    let current: { key: string; declaration: ParameterDeclaration } | undefined;
    for (const line of lines.slice(componentsStart + 1)) {
      if (/^ {0,3}\S/.test(line)) break;
      const key = /^ {4}([A-Za-z0-9_]+):\s*$/.exec(line);
      if (key?.[1]) {
        current = { key: key[1], declaration: { in: '', name: '', required: false } };
        shared.set(key[1], current.declaration);
        continue;
      }
      const field = /^ {6}(in|name|required):\s*"?([^"]*)"?\s*$/.exec(line);
      if (current && field?.[1] && field[2] !== undefined) {
        if (field[1] === 'required') current.declaration.required = field[2] === 'true';
        else current.declaration[field[1] as 'in' | 'name'] = field[2];
      }
    }
  }

  const shape: XeroApiShape = new Map();
  let currentPath = '';
  let pathLevel: ParameterDeclaration[] = [];
  let operation: { key: string; parameters: ParameterDeclaration[] } | undefined;
  let pending: ParameterDeclaration | undefined;
  const finishOperation = () => {
    if (!operation) return;
    const all = [...pathLevel, ...operation.parameters];
    shape.set(operation.key, {
      queryParameters: new Set(all.filter((p) => p.in === 'query').map((p) => p.name)),
      headerParameters: new Set(all.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase())),
      requiredHeaders: new Set(
        all.filter((p) => p.in === 'header' && p.required).map((p) => p.name.toLowerCase()),
      ),
    });
    operation = undefined;
  };
  const pathsStart = lines.indexOf('paths:');
  for (const line of lines.slice(pathsStart + 1)) {
    if (/^\S/.test(line)) break;
    const pathMatch = /^ {2}(\/\S*):\s*$/.exec(line);
    if (pathMatch?.[1]) {
      finishOperation();
      currentPath = pathMatch[1];
      pathLevel = [];
      continue;
    }
    const methodMatch = /^ {4}(get|put|post|delete|patch):\s*$/.exec(line);
    if (methodMatch?.[1]) {
      finishOperation();
      operation = { key: `${methodMatch[1].toUpperCase()} ${currentPath}`, parameters: [] };
      continue;
    }
    const target = operation ? operation.parameters : pathLevel;
    const reference = /^\s+- \$ref: "#\/components\/parameters\/([A-Za-z0-9_]+)"/.exec(line);
    if (reference?.[1]) {
      const declaration = shared.get(reference[1]);
      if (declaration) target.push(declaration);
      continue;
    }
    const inlineStart = /^\s+- (in|name|required): "?([^"]*)"?\s*$/.exec(line);
    if (inlineStart?.[1] && inlineStart[2] !== undefined) {
      pending = { in: '', name: '', required: false };
      target.push(pending);
    }
    const field = /^\s+(?:- )?(in|name|required): "?([^"]*)"?\s*$/.exec(line);
    if (pending && field?.[1] && field[2] !== undefined) {
      if (field[1] === 'required') pending.required = field[2] === 'true';
      else if (!pending[field[1] as 'in' | 'name']) pending[field[1] as 'in' | 'name'] = field[2];
    }
  }
  finishOperation();
  return shape;
}
