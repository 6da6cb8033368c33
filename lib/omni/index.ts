export { findDialogConfirm, pageSignature, readMessage } from './actions';
export * from './labels';
export {
  type ControlLookup,
  findControl,
  findGrid,
  findSelectAll,
  isBusy,
  isTicked,
  type ListReading,
  type ListRow,
  type PagerReading,
  type RowTick,
  readList,
  readPager,
  rowCells,
  rowTicks,
  showsEverything,
  type TickBox,
} from './list';
export { describeList, pageOutline } from './outline';
export { type DashboardReading, type PageReading, readDashboard, readPage } from './page';
export { findTabElement, readTabStrips, type TabStrips } from './tabs';
export { WaitTimeoutError, waitFor, watchPage } from './wait';
