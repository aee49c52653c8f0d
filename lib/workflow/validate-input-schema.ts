/** Checks on an input (or form) schema beyond its shape. */
import type { FieldSchema, InputSchema } from "./input-schema";
import { isValidFieldName } from "./input-schema";
import { problem, type Problem } from "./problems";

type Path = (string | number)[];

export function checkInputSchema(schema: InputSchema, path: Path): Problem[] {
  const out: Problem[] = [];
  checkFields(schema.properties, schema.required, [...path, "properties"], [...path, "required"], out);
  return out;
}

function checkFields(
  properties: Record<string, FieldSchema>,
  required: string[] | undefined,
  propertiesPath: Path,
  requiredPath: Path,
  out: Problem[],
): void {
  for (const [name, field] of Object.entries(properties)) {
    if (!isValidFieldName(name)) {
      out.push(
        problem(
          [...propertiesPath, name],
          "invalid_field_name",
          `"${name}" is not a valid field name: use letters, digits and _, starting with a letter`,
        ),
      );
    }
    if (field.properties) {
      checkFields(
        field.properties,
        field.required,
        [...propertiesPath, name, "properties"],
        [...propertiesPath, name, "required"],
        out,
      );
    }
  }
  (required ?? []).forEach((name, i) => {
    if (!Object.hasOwn(properties, name)) {
      out.push(problem([...requiredPath, i], "unknown_required", `"${name}" is marked required but is not a field`));
    }
  });
}
