/** Test support: loads the dashboard HTML snapshots in tests/fixtures/omni into real DOM documents. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/omni/', import.meta.url));

export function loadHtml(html: string, url = 'https://go.cin7.com/Cloud/Accounting/'): Document {
  const window = new Window({
    url,
    settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true },
  });
  window.document.write(html);
  return selectAsParsed(window.document as unknown as Document);
}

/**
 * happy-dom (21.0.3) parses `<option selected>` after the second option into the wrong selection: a
 * select whose third option is marked selected reports the second. A browser selects the last option
 * marked `selected` (HTML's parsing rule), and the reader reads the selection as a browser shows it, so
 * test documents are set right after parsing. Returns the document.
 */
export function selectAsParsed(doc: Document): Document {
  for (const select of Array.from(doc.querySelectorAll('select:not([multiple])')) as HTMLSelectElement[]) {
    const marked = Array.from(select.options).findLastIndex((option) => option.hasAttribute('selected'));
    if (marked !== -1) select.selectedIndex = marked;
  }
  return doc;
}

export function loadFixture(name: string): Document {
  return loadHtml(readFileSync(`${FIXTURES}${name}`, 'utf8'));
}

/** One page of other-pages.html, which keeps the small pages as <template id="…"> blocks. */
export function loadSmallPage(id: string): Document {
  const source = readFileSync(`${FIXTURES}other-pages.html`, 'utf8');
  const match = new RegExp(`<template id="${id}">([\\s\\S]*?)</template>`).exec(source);
  if (!match?.[1]) throw new Error(`No page "${id}" in other-pages.html`);
  return loadHtml(match[1]);
}
