import { workflowJsonSchema } from "@/lib/workflow/json-schema";

export const dynamic = "force-static";

export function GET() {
  return Response.json(workflowJsonSchema(), { headers: { "Cache-Control": "public, max-age=300" } });
}
