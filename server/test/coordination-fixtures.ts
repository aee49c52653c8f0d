/** Workflows for the coordination tests: publishers and waiters of events over the demo CRM. */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { Db } from "../db/client";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";

/** Looks the customer up in the CRM, then announces "customer.updated" about the customer's id. */
export const PUBLISHER: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Update customer",
  input: {
    type: "object",
    properties: { customerEmail: { type: "string" }, note: { type: "string" } },
    required: ["customerEmail"],
  },
  startAt: "lookup",
  states: {
    lookup: {
      type: "tool",
      server: "crm",
      tool: "find_customer",
      input: { email: "{% $input.customerEmail %}" },
      assign: { customer: "{% $result %}" },
      next: "announce",
    },
    announce: {
      type: "emit",
      eventType: "customer.updated",
      key: "{% $customer.id %}",
      payload: { note: "{% $input.note %}", name: "{% $customer.name %}" },
      next: "done",
    },
    done: { type: "succeed" },
  },
};

/** Waits for "customer.updated" about $input.customerId, then ends with the event's data. */
export function waiter(opts: { timeoutSeconds?: number; lookbackSeconds?: number } = {}): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name: "Wait for the customer",
    input: { type: "object", properties: { customerId: { type: "string" } }, required: ["customerId"] },
    startAt: "wait",
    states: {
      wait: {
        type: "waitForEvent",
        eventType: "customer.updated",
        key: "{% $input.customerId %}",
        ...(opts.lookbackSeconds === undefined ? {} : { lookbackSeconds: opts.lookbackSeconds }),
        ...(opts.timeoutSeconds === undefined ? {} : { timeoutSeconds: opts.timeoutSeconds, onTimeout: "gave_up" }),
        assign: { update: "{% $event.payload %}" },
        next: "done",
      },
      done: { type: "succeed", output: "{% $update %}" },
      ...(opts.timeoutSeconds === undefined ? {} : { gave_up: { type: "fail", error: "no_update", message: "No update came" } }),
    },
  };
}

export async function publish(db: Db, definition: WorkflowDefinition): Promise<string> {
  const { id } = await createWorkflow(db, { name: definition.name, definition });
  await publishWorkflow(db, { id });
  return id;
}

/** Starts on "customer.updated": a follow-up for the customer, ending with what it was started with. */
export const FOLLOW_UP: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Follow up",
  input: {
    type: "object",
    properties: { customerId: { type: "string" }, note: { type: "string" } },
    required: ["customerId"],
  },
  startAt: "done",
  states: { done: { type: "succeed", output: "{% $input %}" } },
};

/** Takes the lock customer:<lockFor>, looks the customer up and reads the history (two CRM calls), gives it back. */
export const LOCKED_LOOKUP: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Locked lookup",
  input: {
    type: "object",
    properties: { lockFor: { type: "string" }, customerEmail: { type: "string" } },
    required: ["lockFor", "customerEmail"],
  },
  startAt: "take",
  states: {
    take: { type: "lock", key: "customer:{% $input.lockFor %}", next: "lookup" },
    lookup: {
      type: "tool",
      server: "crm",
      tool: "find_customer",
      input: { email: "{% $input.customerEmail %}" },
      assign: { customer: "{% $result %}" },
      timeoutMs: 120_000,
      next: "history",
    },
    history: {
      type: "tool",
      server: "crm",
      tool: "customer_history",
      input: { customerId: "{% $customer.id %}" },
      timeoutMs: 120_000,
      next: "give_back",
    },
    give_back: { type: "unlock", next: "done" },
    done: { type: "succeed" },
  },
};

/** Reads escalations:<customerId>, waits for "go" (so that two runs read the same version), then adds one to it. */
export const COUNTER: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Count escalations",
  input: { type: "object", properties: { customerId: { type: "string" } }, required: ["customerId"] },
  startAt: "read",
  states: {
    read: {
      type: "sharedValue",
      action: "read",
      key: "escalations:{% $input.customerId %}",
      assign: { counter: "{% $shared %}" },
      next: "go",
    },
    go: { type: "waitForEvent", eventType: "counter.go", key: "{% $input.customerId %}", lookbackSeconds: 0, next: "write" },
    write: {
      type: "sharedValue",
      action: "write",
      key: "escalations:{% $input.customerId %}",
      value: "{% ($counter.value ? $counter.value : 0) + 1 %}",
      expectedVersion: "{% $counter.version %}",
      assign: { written: "{% $shared %}" },
      catch: [{ errors: ["conflict"], next: "conflicted", assign: { why: "{% $error.message %}" } }],
      next: "done",
    },
    done: { type: "succeed", output: "{% $written %}" },
    conflicted: { type: "succeed", output: "{% {'conflict': $why} %}" },
  },
};

/** One CRM call: for the per-server limit on calls in flight. */
export const ONE_LOOKUP: WorkflowDefinition = {
  schemaVersion: 1,
  name: "One lookup",
  input: { type: "object", properties: { customerEmail: { type: "string" } }, required: ["customerEmail"] },
  startAt: "lookup",
  states: {
    lookup: {
      type: "tool",
      server: "crm",
      tool: "find_customer",
      input: { email: "{% $input.customerEmail %}" },
      timeoutMs: 60_000,
      next: "done",
    },
    done: { type: "succeed" },
  },
};
