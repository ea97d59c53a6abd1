/**
 * `BENCH_SMOKE=1` runs a bench at a tiny size: CI runs every bench that way (`npm run bench:smoke`)
 * so a bench that no longer works fails the build instead of rotting. Its figures are not
 * measurements and its targets are not enforced; only a functional failure fails a smoke run.
 */
const smoke = /^(1|true|yes)$/i.test(process.env.BENCH_SMOKE?.trim() ?? '');

/** The full size, or the smoke size under `BENCH_SMOKE=1`. */
function benchSize<T>(full: T, smokeSize: T): T {
  return smoke ? smokeSize : full;
}

/** A line saying the figures above come from a smoke run, or nothing. */
function smokeNote(): string[] {
  return smoke ? ['(BENCH_SMOKE: tiny size to prove the bench runs; these figures are not measurements and targets are not checked)'] : [];
}

export { benchSize, smoke, smokeNote };
