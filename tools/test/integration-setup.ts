// Integration tests start brokers, processes and databases: give them time (testTimeout is not a per-project option).
jest.setTimeout(120_000);
