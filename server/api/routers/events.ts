import { operatorProcedure, router, viewerProcedure } from "../trpc";
import { listEvents, listInput, listWaits, publishEvent, publishInput } from "../../services/coordination/events";

export const eventsRouter = router({
  list: viewerProcedure.input(listInput).query(({ ctx, input }) => listEvents(ctx.db, input)),
  waits: viewerProcedure.query(({ ctx }) => listWaits(ctx.db)),
  publish: operatorProcedure
    .input(publishInput)
    .mutation(({ ctx, input }) => publishEvent(ctx.control(), input, ctx.via ?? "ui")),
});
