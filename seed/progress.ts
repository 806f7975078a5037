// Progress reporting for the seed: bars on a terminal, plain lines otherwise.
import cliProgress from 'cli-progress';

export interface Progress {
  stage(name: string): void;
  bar(label: string, total: number): { add(n: number): void; done(): void };
  done(name: string, ms: number, detail?: string): void;
}

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const tty = Boolean(stream.isTTY);
  const say = (s: string) => {
    if (!quiet) stream.write(`${s}\n`);
  };
  return {
    stage: (name) => say(`seed: ${name} ...`),
    bar(label, total) {
      if (quiet || !tty || total < 1) {
        let count = 0;
        let lastShown = 0;
        return {
          add(n) {
            count += n;
            if (!quiet && total >= 50_000 && count - lastShown >= total / 4) {
              lastShown = count;
              say(`seed:   ${label} ${Math.round((100 * count) / total)}%`);
            }
          },
          done() {},
        };
      }
      const bar = new cliProgress.SingleBar(
        { format: `  ${label.padEnd(18)} [{bar}] {percentage}% {value}/{total} {eta_formatted}`, stream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { add: (n) => bar.increment(n), done: () => bar.stop() };
    },
    done: (name, ms, detail) => say(`seed: ${name} done in ${(ms / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}`),
  };
}

export const silentProgress: Progress = {
  stage() {},
  bar: () => ({ add() {}, done() {} }),
  done() {},
};
