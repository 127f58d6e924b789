import { describe, expect, it } from 'vitest';
import { DocumentIds } from '../../src/news/document-ids.js';

describe('DocumentIds', () => {
  it('numbers global ids in the order one document first uses them', () => {
    const ids = new DocumentIds();
    ids.begin();
    expect([ids.idOf(70), ids.idOf(3), ids.idOf(70), ids.idOf(5000)]).toEqual([0, 1, 0, 2]);
    expect(ids.count).toBe(3);
    expect(ids.find(3)).toBe(1);
  });

  it('starts the next document with none of the last one\'s ids', () => {
    const ids = new DocumentIds();
    ids.begin();
    ids.idOf(70);
    ids.idOf(3);
    ids.begin();
    expect(ids.find(70)).toBe(-1);
    expect(ids.idOf(3)).toBe(0);
    expect(ids.count).toBe(1);
  });

  it('forgets every id when the global numbering starts over', () => {
    const ids = new DocumentIds();
    ids.begin();
    ids.idOf(12);
    ids.forget();
    expect(ids.find(12)).toBe(-1);
  });
});
