import { redirect } from "next/navigation";

/** The list of workflows is the home page; /workflows (a natural address to type) goes there. */
export default function WorkflowsIndex(): never {
  redirect("/");
}
