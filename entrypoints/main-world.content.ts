import { listenForClicks } from '@/lib/omni/click';

// The page's own world, so WebForms' javascript:__doPostBack links run when the extension clicks them.
export default defineContentScript({
  matches: ['https://go.cin7.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    listenForClicks(document);
  },
});
