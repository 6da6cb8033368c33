/**
 * The pairing key, kept where no content script can read it. Extension storage's local and sync areas
 * are open to content scripts, and storage.onChanged hands every change to each of them, so a key kept
 * there travels into every Omni page's renderer. The extension's own IndexedDB belongs to the extension's
 * origin: only its service worker and pages reach it. Only the background calls this module.
 */
const DATABASE = 'omni-smart-sync';
const STORE = 'secrets';

type SecretName = 'pairingKey';

function request<T>(make: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction(STORE, mode);
      const pending = make(transaction.objectStore(STORE));
      transaction.oncomplete = () => {
        db.close();
        resolve(pending.result);
      };
      transaction.onerror = () => {
        db.close();
        reject(transaction.error);
      };
    };
  });
}

export async function readSecret(name: SecretName): Promise<string> {
  const value = await request((store) => store.get(name), 'readonly');
  return typeof value === 'string' ? value : '';
}

/** An empty value removes the secret. */
export async function writeSecret(name: SecretName, value: string): Promise<void> {
  if (value) await request((store) => store.put(value, name), 'readwrite');
  else await request((store) => store.delete(name), 'readwrite');
}
