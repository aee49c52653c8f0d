/** The language's JSON Schema, generated from the zod schema (served at /api/schema/workflow.json). */
import { z } from "zod";
import { definitionSchema } from "./schema";

export function workflowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(definitionSchema, { target: "draft-2020-12", unrepresentable: "any" });
  return {
    ...schema,
    $id: "https://switchyard.dev/schema/workflow.json",
    title: "Switchyard workflow definition",
    description:
      'A workflow as an explicit state machine. Strings written as "{% expression %}" are JSONata expressions over the run\'s data.',
  };
}
