/** What bench/analytics measures, outside the service process: the forecaster, the detectors and their synthetic inputs. */
export { detectFindings } from './anomalies/detect-findings';
export { baselines } from './forecast/baselines';
export { buildForecast } from './forecasts/build-forecast';
export { LocalCalendar } from './series/local-calendar';
export { syntheticHours } from './testing/synthetic-hours';
export { syntheticMinutes } from './testing/synthetic-minutes';
