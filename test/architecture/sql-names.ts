import * as ts from 'typescript';

/** Where a SQL statement names a table. Uppercase only: the house style for SQL, and English text seldom shouts. */
const TABLE_POSITION =
  /\b(?:FROM|JOIN|UPDATE|INTO|TABLE|TRUNCATE)\s+(?:ONLY\s+|IF\s+(?:NOT\s+)?EXISTS\s+)*((?:"?[A-Za-z_]\w*"?\.)?"?[A-Za-z_]\w*"?)/g;
/** A literal that is a statement written in lowercase is read case-insensitively. */
const LOWERCASE_STATEMENT = /^\s*(?:select|insert|update|delete|with|truncate)\s/;

/**
 * The tables a SQL text names, lowercased; `schema.table` gives the schema (a context may
 * own a whole schema, as media owns pg-boss's), except `public`.
 */
export function tableNamesInSql(sql: string): string[] {
  const position = LOWERCASE_STATEMENT.test(sql) ? new RegExp(TABLE_POSITION.source, 'gi') : TABLE_POSITION;
  const names: string[] = [];
  for (const match of sql.matchAll(position)) {
    const [first, second] = match[1].replace(/"/g, '').toLowerCase().split('.');
    names.push(second === undefined || first === 'public' ? (second ?? first) : first);
  }
  return names;
}

/** What one source file says of tables. */
export interface TableMentions {
  /** Tables named in SQL inside string and template literals (comments and code are not read). */
  inSql: string[];
  /** Tables declared here by TypeORM's `@Entity({ name })` (or `@Entity('name')`), with their class. */
  entities: Array<{ className: string; table: string }>;
  /** Identifiers used as values (not as types or in imports), to find entity classes used outside their context. */
  valueIdentifiers: Set<string>;
}

/** Template literals are read with each substitution as a gap, so that `FROM ${x}` names nothing. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ? ');
  return undefined;
}

function entityTable(decorator: ts.Decorator): string | undefined {
  const call = decorator.expression;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'Entity')
    return undefined;
  const [argument] = call.arguments;
  if (argument && ts.isStringLiteral(argument)) return argument.text;
  if (argument && ts.isObjectLiteralExpression(argument)) {
    for (const property of argument.properties) {
      if (
        ts.isPropertyAssignment(property) &&
        ts.isIdentifier(property.name) &&
        property.name.text === 'name' &&
        ts.isStringLiteralLike(property.initializer)
      )
        return property.initializer.text;
    }
  }
  return undefined;
}

function isTypeOrDeclarationName(node: ts.Identifier): boolean {
  let parent = node.parent;
  while (ts.isQualifiedName(parent)) parent = parent.parent;
  return (
    ts.isTypeReferenceNode(parent) ||
    ts.isTypeQueryNode(parent) ||
    ts.isImportSpecifier(parent) ||
    ts.isExportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) ||
    (ts.isClassDeclaration(parent) && parent.name === node) ||
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node)
  );
}

export function tableMentions(fileName: string, source: string): TableMentions {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const mentions: TableMentions = { inSql: [], entities: [], valueIdentifiers: new Set() };
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined) mentions.inSql.push(...tableNamesInSql(text));
    if (ts.isClassDeclaration(node) && node.name) {
      for (const decorator of ts.getDecorators(node) ?? []) {
        const table = entityTable(decorator);
        if (table) mentions.entities.push({ className: node.name.text, table });
      }
    }
    if (ts.isIdentifier(node) && !isTypeOrDeclarationName(node)) mentions.valueIdentifiers.add(node.text);
    // Template spans are visited for the code in their substitutions; their text was read above.
    ts.forEachChild(node, visit);
  };
  visit(file);
  return mentions;
}
