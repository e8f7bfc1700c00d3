import { Global, Injectable, Module } from '@nestjs/common';

/**
 * What the operator must see at the terminal, never in the JSON logs (a one-time password).
 * Printed when it happens, and kept: the start-up banner, printed last, repeats it, so it does
 * not scroll away under the start-up logs.
 */
@Injectable()
export class OperatorConsole {
  private readonly kept: string[] = [];

  print(lines: string[]): void {
    this.kept.push(...lines);
    process.stderr.write(`\n${lines.join('\n')}\n\n`);
  }

  /** Everything printed so far, for the banner. */
  notes(): readonly string[] {
    return this.kept;
  }
}

@Global()
@Module({ providers: [OperatorConsole], exports: [OperatorConsole] })
export class OperatorConsoleModule {}
