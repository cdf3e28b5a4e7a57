/** What other packages' tests need to run the analytics service on weeks of history (package export `./testing`). */
export { seedRollups } from './seed-rollups';
export { minuteOf, MONDAY_MS, syntheticMinutes } from '../src/testing/synthetic-minutes';
