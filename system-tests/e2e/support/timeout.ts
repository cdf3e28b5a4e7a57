// A browser against a whole running system: steps wait for real pushes and real alerts.
jest.setTimeout(90_000);
