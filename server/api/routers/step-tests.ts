import { randomUUID } from "node:crypto";
import { designerProcedure, router } from "../trpc";
import { audit } from "../audit-context";
import { runStep, runStepInput } from "../../services/step-runs/run-step";
import { stepTestTools } from "../../services/step-runs/step-test-tools";

/** "Run this step" in the designer: one tool step of the draft, with sample data (designers only; audited). */
export const stepTestsRouter = router({
  run: designerProcedure.input(runStepInput).mutation(async ({ ctx, input }) => {
    const result = await runStep(ctx.db, stepTestTools(ctx.db, ctx.pool, ctx.box), input, randomUUID());
    await audit(ctx, "workflow.step_test", input.workflowId, `${input.stateId}: ${result.ok ? "succeeded" : result.error.kind}`);
    return result;
  }),
});
