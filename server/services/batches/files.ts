import { and, eq } from "drizzle-orm";
import { badRequest, GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { getDb } from "../../db";
import { apiFiles } from "../../db/schema";
import { randomBase62 } from "../../ids";
import { checkBatchInput } from "./input-file";
import { readMultipart } from "./multipart";

type FileRow = typeof apiFiles.$inferSelect;

/** OpenAI's file object. */
export function fileObject(row: FileRow) {
  return {
    id: row.id,
    object: "file" as const,
    bytes: row.bytes,
    created_at: Math.floor(row.createdAt.getTime() / 1000),
    filename: row.filename,
    purpose: row.purpose,
    status: "processed" as const,
    status_details: null,
  };
}

export const newFileId = () => `file-${randomBase62(24)}`;

const fileNotFound = (id: string) =>
  new GatewayError(404, `No such File object: ${id}`, "invalid_request_error", "file_not_found", "file_id");

/** The caller's file; another user's is not found, as one that never existed. */
export async function ownFile(id: string, principal: Principal): Promise<FileRow> {
  const [row] = await (
    await getDb()
  )
    .select()
    .from(apiFiles)
    .where(and(eq(apiFiles.id, id), eq(apiFiles.userId, principal.userId)));
  if (!row) throw fileNotFound(id);
  return row;
}

/**
 * POST /files (multipart: `purpose` and `file`, as the openai SDK sends them). Only `purpose: batch` is taken, and
 * its JSONL is checked line by line now, so a bad file is refused at upload with the line that is wrong. The body
 * limit of the API's door (4 MiB) bounds its size.
 */
export async function uploadFile(contentType: string | undefined, body: string, principal: Principal) {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) {
    throw badRequest(
      "upload the file as multipart/form-data with the fields `purpose` and `file`",
      null,
      "invalid_content_type",
    );
  }
  const form = await readMultipart(contentType, body);
  const purpose = form.get("purpose");
  if (purpose !== "batch")
    throw badRequest("purpose: only 'batch' files are accepted here", "purpose", "invalid_purpose");
  const file = form.get("file");
  if (!file || typeof file === "string") throw badRequest("file: is required (a JSONL file)", "file", "missing_file");
  const content = await file.text();
  await checkBatchInput(content, principal);
  const [row] = await (
    await getDb()
  )
    .insert(apiFiles)
    .values({
      id: newFileId(),
      userId: principal.userId,
      purpose: "batch",
      filename: file.name || "batch.jsonl",
      bytes: Buffer.byteLength(content),
      content,
    })
    .returning();
  return fileObject(row!);
}

/** GET /files/{id}/content: the file's JSONL as stored. */
export async function fileContent(id: string, principal: Principal): Promise<string> {
  return (await ownFile(id, principal)).content;
}
