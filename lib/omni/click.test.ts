// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { CLICK_EVENT, CLICK_MARK, clickElement, listenForClicks } from './click';

/** The main-world helper is registered once per page, at document_start, before any page script. */
listenForClicks(document);

function button(id: string): { element: HTMLButtonElement; clicks: string[] } {
  const element = document.createElement('button');
  element.id = id;
  document.body.append(element);
  const clicks: string[] = [];
  element.addEventListener('click', () => clicks.push(id));
  return { element, clicks };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('clicking through the main-world helper', () => {
  it('clicks the element it was given, once, and leaves no mark', () => {
    const upload = button('upload');
    clickElement(upload.element);
    expect(upload.clicks).toEqual(['upload']);
    expect(upload.element.hasAttribute(CLICK_MARK)).toBe(false);
  });

  it('a decoy the page marked beforehand is never clicked', () => {
    const decoy = button('decoy');
    decoy.element.setAttribute(CLICK_MARK, '');
    const upload = button('upload');
    clickElement(upload.element);
    expect(decoy.clicks).toEqual([]);
    expect(upload.clicks).toEqual(['upload']);
  });

  it('a page listener that copies the click’s mark onto a decoy is too late to redirect it', () => {
    const decoy = button('decoy');
    const copy = (event: Event) =>
      decoy.element.setAttribute(CLICK_MARK, String((event as CustomEvent).detail));
    window.addEventListener(CLICK_EVENT, copy, true);
    document.addEventListener(CLICK_EVENT, copy, true);
    try {
      const upload = button('upload');
      clickElement(upload.element);
      expect(decoy.clicks).toEqual([]);
      expect(upload.clicks).toEqual(['upload']);
    } finally {
      window.removeEventListener(CLICK_EVENT, copy, true);
      document.removeEventListener(CLICK_EVENT, copy, true);
    }
  });

  it('an event a page script makes up clicks nothing', () => {
    const other = button('other');
    other.element.setAttribute(CLICK_MARK, 'a'.repeat(32));
    document.dispatchEvent(new CustomEvent(CLICK_EVENT, { detail: 'b'.repeat(32) }));
    document.dispatchEvent(new CustomEvent(CLICK_EVENT));
    expect(other.clicks).toEqual([]);
  });
});
