/**
 * `npx tsx scripts/faults/bad-inputs-doc.ts`: runs both harnesses (bad-inputs.ts and forged-verbs.ts)
 * and writes docs/bad-inputs.md from what they measured, so the document never lags the code.
 * It exits 1 (and writes nothing) when any row fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runBadInputs } from './bad-inputs';
import { FORGED_KINDS, markdown, runForgedVerbs } from './forged-verbs';

const DOC = resolve(__dirname, '..', '..', 'docs', 'bad-inputs.md');
const cell = (s: string) => s.replace(/\|/g, '\\|');

async function main() {
  const bad = await runBadInputs();
  const forged = await runForgedVerbs();
  const day = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' });
  const failed = bad.stateChanges + bad.unclearAnswers + bad.problems;
  const forgedBad = forged.rows.filter((x) => x.leaked.length || x.answer !== x.missingAnswer).length + Object.values(forged.changes).filter((c) => c.length).length;
  if (failed || forgedBad) {
    console.error(`not written: ${failed} bad-input rows and ${forgedBad} forged rows failed (run the two scripts on their own to see which)`);
    process.exit(1);
  }
  // The forged section's explanation (who sends what) is kept from the document as it stands.
  const old = readFileSync(DOC, 'utf8');
  const from = old.indexOf('## Forged actions over every verb');
  const to = old.indexOf('\n**', from);
  const intro = from >= 0 && to > from ? old.slice(old.indexOf('\n', from) + 1, to).replace(/^`npx tsx scripts\/faults\/forged-verbs\.ts.*$/m, `\`npx tsx scripts/faults/forged-verbs.ts [--markdown]\` (also \`test/faults/forged-verbs.test.ts\` in \`npm test\`), ${day}.`) : '';
  const total = bad.kinds + forged.rows.length;
  const doc = [
    `# ${total} kinds of bad or forged input (${bad.kinds} + ${forged.rows.length} forged actions)`,
    '',
    `\`npx tsx scripts/faults/bad-inputs.ts\` (also \`test/faults/bad-inputs.test.ts\` in \`npm test\`, and a row of \`npm run test:faults\`), ${day}. This document is written by \`npx tsx scripts/faults/bad-inputs-doc.ts\` from what both harnesses measured.`,
    '',
    `**${bad.kinds} kinds: ${bad.stateChanges} state changes, ${bad.unclearAnswers} unclear answers.**`,
    '',
    '| kind | changes | clear | answer (first 140 characters) |',
    '| --- | --- | --- | --- |',
    ...bad.rows.map((r) => `| ${cell(r.kind)} | ${r.changes?.length ?? 0} | ${r.clear ? 'yes' : 'no'} | ${cell(r.answer.slice(0, 140))} |`),
    '',
    `## Forged actions over every verb (${forged.verbs.length * FORGED_KINDS.length} kinds)`,
    '',
    intro.trim(),
    '',
    markdown(forged),
    '',
  ].join('\n');
  writeFileSync(DOC, doc);
  console.log(`wrote ${DOC}: ${bad.kinds} + ${forged.rows.length} kinds`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
