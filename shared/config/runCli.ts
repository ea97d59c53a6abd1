/**
 * Runs a command-line entry point when its file is executed (`node dist/…Cli.js`), not when it is
 * imported (tests call `main` directly): the exit code is `main`'s answer, and a crash prints
 * `<name> failed: <message>` and exits 1.
 */
function runCli(module: NodeJS.Module, name: string, main: (argv: ReadonlyArray<string>) => Promise<number>): void {
  if (require.main !== module) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

export { runCli };
