// Checks that both languages are complete: every addMessages(zh, en) call (with object literals, or
// consts of its file initialised with them) names the same keys in both dictionaries, and every literal key passed to t() exists. Part of `npm run build`, so a
// missing translation fails the build instead of showing a raw key. Keys built at run time
// (t(`task.kind.${kind}`)) cannot be checked here; their dictionaries still must match.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('../src/', import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.tsx?$/.test(entry.name)) files.push(path);
  }
})(root);

const known = { zh: new Set(), en: new Set() };
const used = [];
const problems = [];

/** The object literal an argument is, or the one a `const` of the same file is initialised with. */
function literalOf(node, source) {
  if (node && ts.isIdentifier(node)) {
    let found;
    (function find(child) {
      if (ts.isVariableDeclaration(child) && ts.isIdentifier(child.name) && child.name.text === node.text && child.initializer) found = child.initializer;
      else ts.forEachChild(child, find);
    })(source);
    return found;
  }
  return node;
}

function keysOf(node, file) {
  if (!node || !ts.isObjectLiteralExpression(node)) {
    problems.push(`${file}: addMessages() takes two object literals`);
    return [];
  }
  return node.properties.filter((p) => ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)).map((p) => (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) ? p.name.text : p.name.getText()));
}

for (const path of files) {
  const file = relative(root, path);
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  (function visit(node) {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      if (name === 'addMessages') {
        const zh = keysOf(literalOf(node.arguments[0], source), file);
        const en = keysOf(literalOf(node.arguments[1], source), file);
        zh.forEach((key) => known.zh.add(key));
        en.forEach((key) => known.en.add(key));
        const onlyZh = zh.filter((key) => !en.includes(key));
        const onlyEn = en.filter((key) => !zh.includes(key));
        if (onlyZh.length) problems.push(`${file}: no English for ${onlyZh.join(', ')}`);
        if (onlyEn.length) problems.push(`${file}: no Chinese for ${onlyEn.join(', ')}`);
      } else if (name === 't' && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        used.push({ key: node.arguments[0].text, where: `${file}:${line + 1}` });
      }
    }
    ts.forEachChild(node, visit);
  })(source);
}

for (const { key, where } of used) {
  if (!known.en.has(key) || !known.zh.has(key)) {
    problems.push(`${where}: t('${key}') has no message in ${!known.en.has(key) && !known.zh.has(key) ? 'either language' : !known.en.has(key) ? 'English' : 'Chinese'}`);
  }
}

if (problems.length) {
  console.error(`i18n check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`i18n: ${known.en.size} messages in both languages, ${used.length} literal uses checked`);
