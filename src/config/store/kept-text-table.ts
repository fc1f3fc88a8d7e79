import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * Named texts the phone keeps without interpreting them: the parts of an Escene
 * config or phonebook file it does not apply (unknown containers, attributes),
 * stored so an export can write them back (issue #3 "round trip is lossless").
 * Each `set` replaces the whole text in one transaction.
 */
export const KEPT_TEXT_NAME_MAX = 128;
/** The largest Escene file accepted is 4 MiB (phonebook): what is kept of it fits. */
export const KEPT_TEXT_MAX = 4 * 1024 * 1024;

export class KeptTextTable {
  private readonly selectOne;
  private readonly selectNames;
  private readonly upsert;
  private readonly deleteOne;

  constructor(private readonly ctx: StoreContext) {
    this.selectOne = ctx.prepare<string>('SELECT body FROM kept_texts WHERE name = ?').pluck();
    this.selectNames = ctx.prepare<string>('SELECT name FROM kept_texts ORDER BY name').pluck();
    this.upsert = ctx.prepare('INSERT INTO kept_texts (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body');
    this.deleteOne = ctx.prepare('DELETE FROM kept_texts WHERE name = ?');
  }

  get(name: string): string | undefined {
    return this.ctx.read(`kept text get ${name}`, () => this.selectOne.get(name));
  }

  set(name: string, body: string): void {
    if (typeof name !== 'string' || name === '' || name.length > KEPT_TEXT_NAME_MAX) {
      throw storeError('CFG_INVALID', `kept text: name must be 1..${KEPT_TEXT_NAME_MAX} characters`);
    }
    if (typeof body !== 'string' || body.length > KEPT_TEXT_MAX) {
      throw storeError('CFG_INVALID', `kept text ${name}: must be text of at most ${KEPT_TEXT_MAX} characters`);
    }
    this.ctx.write(`kept text set ${name}`, () => this.upsert.run(name, body));
  }

  delete(name: string): void {
    this.ctx.write(`kept text delete ${name}`, () => this.deleteOne.run(name));
  }

  names(): string[] {
    return this.ctx.read('kept text names', () => this.selectNames.all());
  }
}
