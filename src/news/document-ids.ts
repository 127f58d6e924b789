/**
 * Global ids (of a stem, a spelling) numbered 0, 1, 2… in the order one document first uses them.
 * The tables are kept between documents and never cleared: a stamp says which entries belong to
 * the document being read, so starting the next one costs nothing whatever the vocabulary's size.
 */
export class DocumentIds {
  private local = new Int32Array(1024);
  private stamps = new Int32Array(1024);
  private stamp = 0;
  /** How many ids this document has given (the next one's value). */
  count = 0;

  /** Starts the next document. */
  begin(): void {
    this.stamp++;
    this.count = 0;
  }

  /** Forgets every id, for when the global numbering starts over. */
  forget(): void {
    this.local = new Int32Array(1024);
    this.stamps = new Int32Array(1024);
  }

  /** g's id in this document, or -1 when this document has not used g. */
  find(g: number): number {
    return g < this.stamps.length && this.stamps[g] === this.stamp ? this.local[g]! : -1;
  }

  /** g's id in this document, giving it the next one when this document had not used g. */
  idOf(g: number): number {
    if (g >= this.local.length) this.grow(g + 1);
    if (this.stamps[g] !== this.stamp) {
      this.stamps[g] = this.stamp;
      this.local[g] = this.count++;
    }
    return this.local[g]!;
  }

  private grow(atLeast: number): void {
    const size = Math.max(atLeast, this.local.length * 2);
    const local = new Int32Array(size);
    local.set(this.local);
    const stamps = new Int32Array(size);
    stamps.set(this.stamps);
    this.local = local;
    this.stamps = stamps;
  }
}
