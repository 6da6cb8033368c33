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
} from './list';
export { type DashboardReading, type PageKind, type PageReading, readDashboard, readPage } from './page';
export { findTabElement, readTabStrips, type SubTabInfo, type TabInfo, type TabStrips } from './tabs';
