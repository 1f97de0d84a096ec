import { withParts } from './sql-part';

describe('withParts', () => {
  it('renumbers each part past the parameters before it', () => {
    const { ctes, params } = withParts(
      [
        { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['x', 'y'] },
        { sql: 'INSERT INTO b (z) VALUES ($1), ($1)', params: ['z'] },
        { sql: 'UPDATE c SET v = $2 WHERE id = $1 OR id = $10', params: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      ],
      3,
    );
    expect(ctes).toEqual([
      'w0 AS (INSERT INTO a (x, y) VALUES ($4, $5))',
      'w1 AS (INSERT INTO b (z) VALUES ($6), ($6))',
      'w2 AS (UPDATE c SET v = $8 WHERE id = $7 OR id = $16)',
    ]);
    expect(params).toEqual(['x', 'y', 'z', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('gives nothing for no parts', () => {
    expect(withParts([], 5)).toEqual({ ctes: [], params: [] });
  });
});
