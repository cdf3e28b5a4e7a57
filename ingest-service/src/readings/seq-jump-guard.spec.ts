import { SeqJumpGuard } from './seq-jump-guard';

describe(SeqJumpGuard.name, () => {
  it('refuses a seq (and so an oldest_seq) more than the bound above the highest one the device sent', () => {
    const guard = new SeqJumpGuard(1_000);
    for (let seq = 1; seq <= 10; seq++) expect(guard.check('kitchen-1', seq)).toBeNull();
    expect(guard.check('kitchen-1', 4_294_967_295)).toMatch(/seq 4294967295 jumps 4294967285 past the highest seq 10 of the device \(at most 1000\)/);
    expect(guard.check('kitchen-1', 1_011)).toMatch(/jumps 1001/);
    // Refused seqs do not move the reference: the device goes on from 10.
    expect(guard.check('kitchen-1', 1_010)).toBeNull();
    expect(guard.check('kitchen-1', 11)).toBeNull();
  });

  it('lets seqs go back (reboots, re-sends) and judges each device on its own', () => {
    const guard = new SeqJumpGuard(1_000);
    expect(guard.check('a', 5_000)).toBeNull();
    expect(guard.check('a', 3)).toBeNull();
    expect(guard.check('b', 2)).toBeNull();
    expect(guard.check('a', 5_900)).toBeNull();
  });
});
