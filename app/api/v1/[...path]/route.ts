import { serveWebApi } from "@/server/services/public-api/doors";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

// The thin door for `next dev`; `npm start` serves /api/v1 from server.ts with the same gateway.
async function handle(request: Request, { params }: Context) {
  const { path } = await params;
  return serveWebApi(request, `/${path.join("/")}`);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as PATCH };
