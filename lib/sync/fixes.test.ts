import { describe, expect, it } from 'vitest';
import { fixFor } from './fixes';

describe('fixFor: the documented fix for each documented error text (SPEC §2)', () => {
  it.each([
    ['Account code or ID must be specified', /account/i],
    ['The access token does not exist', /reconnect/i],
    ['Organization is not subscribed to currency AUD', /currenc/i],
    ['Organization is not subscribed to NZD', /currenc/i],
    ['The total debits (100.00) must equal total credits (99.99)', /debits equal credits/i],
    ['Zero value transactions are not sent to Xero', /zero-value/i],
  ])('"%s" has a fix', (text, fix) => {
    expect(fixFor(text)).toMatch(fix);
  });

  it('matches leniently: case, surrounding text', () => {
    expect(fixFor('Error: ACCOUNT CODE OR ID MUST BE SPECIFIED (line 2)')).toBe(
      fixFor('Account code or ID must be specified'),
    );
  });

  it('knows contacts that are not linked and lock dates', () => {
    expect(fixFor('Contact is not linked')).toMatch(/Customers and Suppliers/);
    expect(fixFor('The date is before the lock date')).toMatch(/lock date/);
  });

  it('has no fix for text it does not know, or no text', () => {
    expect(fixFor('Something unexpected happened')).toBeNull();
    expect(fixFor('')).toBeNull();
  });
});
