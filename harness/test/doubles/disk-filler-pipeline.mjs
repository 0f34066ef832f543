#!/usr/bin/env node
/**
 * TEST DOUBLE: fills a disk, then behaves as fake-pipeline.mjs (not a measured pipeline). For
 * the disk-full test: the results directory is a small tmpfs, and on its Nth run this double
 * grows a file on it until the disk has no space left (ENOSPC), so the harness's next writes
 * into the results directory fail, some of them mid-write.
 *
 *   DISK_FILL_FILE     the file to grow until the disk is full
 *   DISK_FILL_COUNTER  a file (not on that disk) that counts this double's runs
 *   DISK_FILL_AT       the run (1-based, across bench runs) that fills the disk
 */
import { appendFileSync, closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const env = process.env;
appendFileSync(env.DISK_FILL_COUNTER, 'x');
if (readFileSync(env.DISK_FILL_COUNTER, 'utf8').length === Number(env.DISK_FILL_AT)) {
  const fd = openSync(env.DISK_FILL_FILE, 'a');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if (err.code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}
await import('./fake-pipeline.mjs');
