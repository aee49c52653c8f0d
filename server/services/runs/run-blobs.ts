/** Large step results stored apart (RunBlob rows): saving them for the engine, reading them back. */
import type { Db } from "../../db/client";
import type { BlobPort } from "../../engine/runtime/large-results";
import { isBlobRef } from "../../engine/runtime/large-results";
import type { RecordedEvent } from "../../engine/core/rerun";
import { notFound } from "@/lib/errors";

export function prismaBlobPort(db: Db): BlobPort {
  return {
    async save(blob) {
      const row = {
        runId: blob.runId,
        stateId: blob.stateId,
        visit: blob.visit,
        attempt: blob.attempt,
        size: blob.bytes,
        data: blob.data,
      };
      await db.runBlob.upsert({ where: { id: blob.id }, create: { id: blob.id, ...row }, update: row });
    },
    async load(ids) {
      const rows = await db.runBlob.findMany({ where: { id: { in: ids } }, select: { id: true, data: true } });
      return new Map(rows.map((r) => [r.id, r.data]));
    },
  };
}

/** The events with every large result read back in (a replay needs the whole results). */
export async function resolveBlobs(db: Db, events: RecordedEvent[]): Promise<RecordedEvent[]> {
  const ids = events.flatMap((e) =>
    e.event.type === "call_succeeded" && isBlobRef(e.event.result) ? [e.event.result.$blob] : [],
  );
  if (ids.length === 0) return events;
  const rows = await db.runBlob.findMany({ where: { id: { in: ids } }, select: { id: true, data: true } });
  const data = new Map(rows.map((r) => [r.id, JSON.parse(r.data) as unknown]));
  return events.map((e) => {
    if (e.event.type !== "call_succeeded" || !isBlobRef(e.event.result)) return e;
    const id = e.event.result.$blob;
    if (!data.has(id)) throw new Error(`The stored result ${id} is missing`);
    return { ...e, event: { ...e.event, result: data.get(id) } };
  });
}

/** One stored result of a run, as JSON text. */
export async function readBlob(db: Db, runId: string, blobId: string) {
  const row = await db.runBlob.findFirst({ where: { id: blobId, runId } });
  if (!row) throw notFound(`Result ${blobId} of run ${runId}`);
  return row;
}
