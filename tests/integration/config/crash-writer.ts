/**
 * Child process of crash-safety.test.ts: opens `<dataDir>/phone.db` and writes
 * forever (settings setMany/deleteMany, contact add/edit/delete), announcing each
 * write before it starts and acknowledging it after it returned (crash-ops.ts has
 * the line format). The parent SIGKILLs it at a random moment.
 *
 * Usage: node crash-writer.js <dataDir> <seed> [maxWrites]
 * The modules load at once, but the database is opened only when a line arrives
 * on stdin: the parent starts the next child while it checks the previous one.
 * Lines go out with fs.writeSync on fd 1: one write(2) per line, done before the
 * next database call, so an acknowledgement is in the pipe before anything else happens.
 */
import { writeSync } from 'node:fs';
import { SayhiError } from '../../../src/base/index.js';
import { type PhoneDatabase, openPhoneDatabase } from '../../../src/config/store/index.js';
import { type CrashOp, nextOp } from './crash-ops.js';
import { SeededRandom } from './seeded-random.js';

function emit(line: string): void {
  const buf = Buffer.from(`${line}\n`);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

const [dataDir, seedText, maxText] = process.argv.slice(2);
if (!dataDir || !seedText) throw new Error('usage: crash-writer <dataDir> <seed> [maxWrites]');
const rng = new SeededRandom(Number(seedText));
const maxWrites = Number(maxText ?? 1_000_000);

process.stdin.once('data', () => run(openPhoneDatabase(dataDir)));
emit('L');

function run(db: PhoneDatabase): void {
  const ids = db.contacts.list().map((c) => c.id);
  emit('R');
  for (let seq = 1; seq <= maxWrites; seq++) {
    const op = nextOp(rng, ids);
    emit(`I ${seq} ${JSON.stringify(op)}`);
    let result: unknown;
    try {
      result = perform(db, ids, op);
    } catch (err) {
      if (err instanceof SayhiError && (err.code === 'CFG_PHONEBOOK_FULL' || err.code === 'CFG_DUPLICATE')) {
        emit(`F ${seq} ${err.code}`);
        continue;
      }
      throw err;
    }
    emit(`A ${seq} ${JSON.stringify(result)}`);
  }
  db.close();
  process.exit(0);
}

function perform(db: PhoneDatabase, ids: number[], op: CrashOp): unknown {
  switch (op.op) {
    case 'set':
      db.settings.setMany(op.entries);
      return null;
    case 'unset':
      db.settings.deleteMany(op.keys);
      return null;
    case 'add': {
      const added = db.contacts.add(op.contact);
      ids.push(added.id);
      return { id: added.id };
    }
    case 'edit':
      db.contacts.update(op.id, op.patch);
      return null;
    case 'del':
      db.contacts.remove(op.id);
      ids.splice(ids.indexOf(op.id), 1);
      return null;
  }
}
