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
  return window.document as unknown as Document;
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
