export { Stack, type StackOptions, type StackUrls, type ServiceName } from './stack';
export { ServiceProcess, REPO_ROOT, type LogSink } from './service-process';
export { freePort } from './free-port';
export { TcpProxy } from './tcp-proxy';
export { prettyLogLine } from './pretty-log';
export { dashboardBuildIsStale, ensureDashboardBuilt, DASHBOARD_DIR, DASHBOARD_DIST } from './dashboard-build';
