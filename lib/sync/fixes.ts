/** The documented fix for each documented Omni/Xero error text (SPEC §2), matched leniently. */

interface KnownError {
  pattern: RegExp;
  fix: string;
}

const KNOWN_ERRORS: readonly KnownError[] = [
  {
    pattern: /account code or id must be specified/i,
    fix: 'Set the missing account in Omni (Settings → Accounting mappings, or on the product/landed cost), then sync again.',
  },
  {
    pattern: /access token does not exist/i,
    fix: 'Omni’s connection to the ledger has lapsed: open the dashboard’s Settings → Connect and reconnect, then sync again.',
  },
  {
    pattern: /not subscribed to (the )?(currency )?\S+/i,
    fix: 'Add that currency to the organisation in Xero (Settings → Currencies), then sync again.',
  },
  {
    pattern: /total debits .* must equal total credits/i,
    fix: 'The transaction does not balance: correct its lines or rounding in Omni so debits equal credits, then sync again.',
  },
  {
    pattern: /zero value transactions are not sent/i,
    fix: 'Nothing to post: Xero does not accept zero-value transactions. Mark it Do Not Import in Omni if it should not sync.',
  },
  {
    pattern: /not linked|link (the )?contact/i,
    fix: 'Sync Customers and Suppliers first (Smart Sync All does), or link the contact by hand in the Search column.',
  },
  {
    pattern: /lock date|period is locked|closed period/i,
    fix: 'The date is on or before the ledger’s lock date: move the lock date in the ledger, or date the item after it.',
  },
];

export function fixFor(reason: string): string | null {
  return KNOWN_ERRORS.find((known) => known.pattern.test(reason))?.fix ?? null;
}
