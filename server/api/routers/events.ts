import { publicProcedure, router } from "../trpc";
import { listEvents, listInput, listWaits, publishEvent, publishInput } from "../../services/events";

export const eventsRouter = router({
  list: publicProcedure.input(listInput).query(({ ctx, input }) => listEvents(ctx.db, input)),
  waits: publicProcedure.query(({ ctx }) => listWaits(ctx.db)),
  publish: publicProcedure.input(publishInput).mutation(({ ctx, input }) => publishEvent(ctx.engine(), input, "ui")),
});
