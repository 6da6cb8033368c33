export default defineContentScript({ matches: ['https://go.cin7.com/*'], main() {} });
