export { findDialogConfirm, pageSignature, readMessage } from './actions';
export * from './labels';
export {
  type ControlLookup,
  findControl,
  findSelectAll,
  isBusy,
  type ListReading,
  type ListRow,
  readList,
  rowCheckboxes,
  rowTickBoxes,
} from './list';
export { type DashboardReading, type PageKind, type PageReading, readDashboard, readPage } from './page';
export { findTabElement, readTabStrips, type SubTabInfo, type TabInfo, type TabStrips } from './tabs';
export { WaitTimeoutError, waitFor, watchPage } from './wait';
