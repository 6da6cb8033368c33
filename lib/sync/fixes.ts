/** The documented fix for each documented Omni/Xero error text (SPEC §2), matched leniently. */

/** What a person does about a failure: the report groups failures by it. */
export type FixAction =
  | 'link-contact'
  | 'account-code'
  | 'journal'
  | 'locked-period'
  | 'reconnect'
  | 'currency'
  | 'zero-value'
  | 'check-omni'
  | 'other';

interface KnownError {
  pattern: RegExp;
  fix: string;
  action: FixAction;
}

const KNOWN_ERRORS: readonly KnownError[] = [
  {
    pattern: /account code or id must be specified/i,
    fix: 'Set the missing account in Omni (Settings → Accounting mappings, or on the product/landed cost), then sync again.',
    action: 'account-code',
  },
  {
    pattern: /access token does not exist/i,
    fix: 'Omni’s connection to the ledger has lapsed: open the dashboard’s Settings → Connect and reconnect, then sync again.',
    action: 'reconnect',
  },
  {
    pattern: /not subscribed to (the )?(currency )?\S+/i,
    fix: 'Add that currency to the organisation in Xero (Settings → Currencies), then sync again.',
    action: 'currency',
  },
  {
    pattern: /total debits .* must equal total credits/i,
    fix: 'The transaction does not balance: correct its lines or rounding in Omni so debits equal credits, then sync again.',
    action: 'journal',
  },
  {
    pattern: /zero value transactions are not sent/i,
    fix: 'Nothing to post: Xero does not accept zero-value transactions. Mark it Do Not Import in Omni if it should not sync.',
    action: 'zero-value',
  },
  {
    pattern: /not linked|link (the )?contact/i,
    fix: 'Sync Customers and Suppliers first (Smart Sync All does), or link the contact by hand in the Search column.',
    action: 'link-contact',
  },
  {
    pattern: /lock date|period is locked|closed period/i,
    fix: 'The date is on or before the ledger’s lock date: move the lock date in the ledger, or date the item after it.',
    action: 'locked-period',
  },
];

export function fixFor(reason: string): string | null {
  return KNOWN_ERRORS.find((known) => known.pattern.test(reason))?.fix ?? null;
}

/** The action a failure's reason calls for; `other` when Omni's reason is not a documented one. */
export function actionFor(reason: string): FixAction {
  if (/^submitted — check|check them in omni|not sent again/i.test(reason)) return 'check-omni';
  if (/exists in (xero|quickbooks)|already in (xero|quickbooks)/i.test(reason)) return 'link-contact';
  return KNOWN_ERRORS.find((known) => known.pattern.test(reason))?.action ?? 'other';
}
