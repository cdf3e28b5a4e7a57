export { Simulator, type SimulatorOptions, type SimulatorTotals } from './simulator';
export { SimulatedDevice, type SimulatedDeviceOptions, type DeviceStats } from './simulated-device';
export { LoadModel } from './load-model';
export { deviceIds, ensureProvisioned } from './credentials';
export { seededRandom, seedFromString } from '@energy/service-kit';
