import { badRequest } from "../../core/errors";

/** A multipart/form-data body's fields and files, parsed by the platform's own parser (fetch's Request.formData). */
export async function readMultipart(contentType: string, body: string): Promise<FormData> {
  try {
    return await new Request("http://local/", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    }).formData();
  } catch {
    throw badRequest("request body is not valid multipart/form-data", null, "invalid_multipart");
  }
}
