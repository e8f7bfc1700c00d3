/** Cuts a stream of text chunks into whole lines (without their line ends), whatever the chunk boundaries. */
export class LineSplitter {
  private partial = '';

  /** The lines completed by `chunk`. */
  push(chunk: string): string[] {
    const lines = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    return lines;
  }

  /** The last line, when the stream ended without a line end. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}
