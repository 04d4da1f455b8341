/**
 * Real media files made in code for the fake Graph server: a PNG image and an Ogg Opus voice note
 * (Opus silence frames), small but valid, so Chromium decodes and plays them.
 */
import { deflateSync } from "node:zlib";

const PNG_CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function pngCrc(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = PNG_CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(pngCrc(typed));
  return Buffer.concat([head, typed, crc]);
}

/** A width×height RGB PNG filled with one colour. */
export function makePng(width = 64, height = 48, rgb: [number, number, number] = [30, 120, 200]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// Ogg's CRC: polynomial 0x04c11db7, not reflected, initial 0.
const OGG_CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let r = n << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});
function oggCrc(bytes: Buffer): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) & 0xff) ^ b]!) >>> 0;
  return crc >>> 0;
}

function oggPage({
  packets,
  granule,
  serial,
  sequence,
  headerType,
}: {
  packets: Buffer[];
  granule: bigint;
  serial: number;
  sequence: number;
  headerType: number;
}): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    let left = p.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write("OggS", 0, "ascii");
  header[4] = 0;
  header[5] = headerType;
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header.writeUInt32LE(0, 22);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** An Ogg Opus file (mono, 48 kHz) of `seconds` of silence: what a WhatsApp voice note is made of. */
export function makeOggOpus(seconds = 2): Buffer {
  const serial = 0x5eed;
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0, "ascii");
  head[8] = 1; // version
  head[9] = 1; // channels
  head.writeUInt16LE(312, 10); // pre-skip
  head.writeUInt32LE(48000, 12);
  head.writeInt16LE(0, 16);
  head[18] = 0; // mapping family
  const vendor = Buffer.from("inbox-test", "ascii");
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write("OpusTags", 0, "ascii");
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length);
  const pages = [
    oggPage({ packets: [head], granule: 0n, serial, sequence: 0, headerType: 2 }),
    oggPage({ packets: [tags], granule: 0n, serial, sequence: 1, headerType: 0 }),
  ];
  // A 20 ms CELT silence frame; 50 per second, 50 per page.
  const silence = Buffer.from([0xf8, 0xff, 0xfe]);
  const frames = Math.max(1, Math.round(seconds * 50));
  let granule = 312n;
  let sequence = 2;
  for (let done = 0; done < frames;) {
    const n = Math.min(50, frames - done);
    done += n;
    granule += BigInt(n * 960);
    pages.push(
      oggPage({
        packets: Array.from({ length: n }, () => silence),
        granule,
        serial,
        sequence: sequence++,
        headerType: done >= frames ? 4 : 0,
      }),
    );
  }
  return Buffer.concat(pages);
}
