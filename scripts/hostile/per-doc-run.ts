/** One hostile file's ingest cost, in a process of its own; prints one JSON line. */
import { measureFile } from './per-doc.js';

process.stdout.write(`${JSON.stringify(measureFile(process.argv[2]!))}\n`);
