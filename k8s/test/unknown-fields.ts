import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { id, REPO_ROOT, type K8sObject } from './render';

/**
 * The schemas compiled into kubernetes-models accept unknown fields, so a misspelt optional field
 * (`terminationGracePeriodSecond`) would pass; the API server would drop it or, with strict field
 * validation, refuse it. kubernetes-models also ships a TypeScript interface per kind, generated from
 * the same OpenAPI document: walk each object against it and report every field it does not declare.
 */
export function createUnknownFieldChecker(): (objects: K8sObject[]) => string[] {
  const modelsDir = join(REPO_ROOT, 'node_modules/kubernetes-models');
  const declarationFile = (o: K8sObject) => join(modelsDir, o.apiVersion, `${o.kind}.d.ts`);
  // A program over the kinds met so far; rebuilt only when a new kind shows up (under a second).
  const files = new Set<string>();
  let program: ts.Program | undefined;

  return (objects) => {
    const before = files.size;
    for (const o of objects) if (existsSync(declarationFile(o))) files.add(declarationFile(o));
    if (!program || files.size !== before) program = ts.createProgram([...files], { noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const problems: string[] = [];
    for (const o of objects) {
      const source = program.getSourceFile(declarationFile(o));
      // No model: validateSchemas reports the object.
      const iface = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `I${o.kind}`);
      if (!iface) continue;
      walk(checker, o, checker.getTypeAtLocation(iface), iface, '', (path) => problems.push(`${id(o)}: unknown field ${path}`));
    }
    return problems;
  };
}

function walk(checker: ts.TypeChecker, value: unknown, type: ts.Type, at: ts.Node, path: string, report: (path: string) => void): void {
  if (value === null || typeof value !== 'object') return;
  const members = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  if (Array.isArray(value)) {
    const arrayType = members.find((t) => checker.isArrayType(t)) as ts.TypeReference | undefined;
    const element = arrayType && checker.getTypeArguments(arrayType)[0];
    if (element) value.forEach((item, i) => walk(checker, item, element, at, `${path}[${i}]`, report));
    return;
  }
  const objectType = members.find((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
  // Maps (labels, data, resources) and free-form objects: any key goes.
  if (!objectType || checker.getIndexInfosOfType(objectType).length > 0) return;
  for (const [key, child] of Object.entries(value)) {
    const property = checker.getPropertyOfType(objectType, key);
    if (!property) {
      report(path ? `${path}.${key}` : key);
      continue;
    }
    walk(checker, child, checker.getTypeOfSymbolAtLocation(property, at), at, path ? `${path}.${key}` : key, report);
  }
}
