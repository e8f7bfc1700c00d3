/** Keeps the last `size` lines of a stream. */
export class LineTail {
  private tail: string[] = [];
  private partial = '';

  constructor(private readonly size: number) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    this.tail = [...this.tail, ...lines.filter((l) => l.trim())].slice(-this.size);
  }

  lines(): string[] {
    return this.partial.trim() ? [...this.tail, this.partial].slice(-this.size) : this.tail;
  }
}
