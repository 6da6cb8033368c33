// The page reader on seeds 100–199 of the rendering fuzzer (three files, so two cores share the 300).
import { describe } from 'vitest';
import { readerChecks } from './seeds';

describe('the reader on renderings nobody wrote for it', () => readerChecks(100, 200));
