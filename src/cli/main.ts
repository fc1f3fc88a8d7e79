/** The `sayhi` command line (placeholder until the phone core lands). */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version') {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  process.stderr.write('sayhi: the phone core is being built; nothing to start yet\n');
  return 1;
}
