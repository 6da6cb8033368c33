/**
 * One proxy instance for the multi-instance tests and the benchmark: exactly what `npm run proxy`
 * starts (startProxy and stopOnSignals, configured from the environment), except that its clock may
 * run faster, in step with the other processes, when OSS_TEST_CLOCK_SPEED and OSS_TEST_CLOCK_ORIGIN
 * are set. Prints "listening" once it serves.
 */
import { loadConfig } from '../config';
import { startProxy, stopOnSignals } from '../instance';
import { sharedAcceleratedClock, systemClock } from '../plugins/clock';

const speed = Number(process.env.OSS_TEST_CLOCK_SPEED ?? 1);
const origin = Number(process.env.OSS_TEST_CLOCK_ORIGIN ?? Date.now());
const clock = speed === 1 ? systemClock : sharedAcceleratedClock(speed, origin);
const proxy = await startProxy(loadConfig(process.env), clock);
stopOnSignals(proxy, clock);
process.stdout.write(`listening ${proxy.app.proxyInstance}\n`);
