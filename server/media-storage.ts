/**
 * Where media bytes live: a folder on disk (MEDIA_DIR, default .data/media) for one server, or an
 * S3-compatible bucket (MEDIA_S3_BUCKET + endpoint + keys) when several servers share the files.
 * Keys are made by us only (`<instructor id>/<media file id>`), never from a file name or a request.
 * S3 requests are signed with aws4fetch (SigV4) and use path-style URLs, which every S3-compatible
 * store accepts (MinIO, Ceph, R2, S3 itself).
 */
import "server-only";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { env } from "@/server/env";

export interface MediaStorage {
  readonly kind: "disk" | "s3";
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
}

const SAFE_KEY = /^[0-9a-f-]{36}\/[0-9a-zA-Z._-]{1,100}$/;

function checkKey(key: string): void {
  if (!SAFE_KEY.test(key)) throw new Error("invalid media storage key");
}

export function diskStorage(root: string): MediaStorage {
  const base = path.resolve(root);
  const fileFor = (key: string) => {
    checkKey(key);
    return path.join(base, ...key.split("/"));
  };
  return {
    kind: "disk",
    async put(key, bytes) {
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a reader never sees half a file.
      const temp = `${file}.${process.pid}.${Date.now()}.part`;
      await writeFile(temp, bytes);
      await rename(temp, file);
    },
    async get(key) {
      try {
        return await readFile(fileFor(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
  };
}

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function s3Storage(config: S3Config): MediaStorage {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: "s3",
  });
  const urlFor = (key: string) => {
    checkKey(key);
    return `${config.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(config.bucket)}/${key.split("/").map(encodeURIComponent).join("/")}`;
  };
  return {
    kind: "s3",
    async put(key, bytes, contentType) {
      const response = await client.fetch(urlFor(key), {
        method: "PUT",
        body: new Uint8Array(bytes),
        headers: { "content-type": contentType, "content-length": String(bytes.length) },
      });
      if (!response.ok) throw new Error(`the media bucket refused the upload (HTTP ${response.status})`);
      await response.arrayBuffer();
    },
    async get(key) {
      const response = await client.fetch(urlFor(key), { method: "GET" });
      if (response.status === 404) {
        await response.arrayBuffer();
        return null;
      }
      if (!response.ok) throw new Error(`the media bucket answered HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}

/** The storage the environment asks for: the bucket when MEDIA_S3_BUCKET is set, else the folder. */
export function mediaStorageFromEnv(): MediaStorage {
  if (env.MEDIA_S3_BUCKET) {
    if (!env.MEDIA_S3_ENDPOINT || !env.MEDIA_S3_ACCESS_KEY_ID || !env.MEDIA_S3_SECRET_ACCESS_KEY) {
      throw new Error(
        "MEDIA_S3_BUCKET is set: MEDIA_S3_ENDPOINT, MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY are required too",
      );
    }
    return s3Storage({
      endpoint: env.MEDIA_S3_ENDPOINT,
      bucket: env.MEDIA_S3_BUCKET,
      region: env.MEDIA_S3_REGION,
      accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID,
      secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY,
    });
  }
  return diskStorage(env.MEDIA_DIR);
}
