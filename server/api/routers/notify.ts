import { adminProcedure, designerProcedure, router } from "../trpc";
import { audit } from "../audit-context";
import { chatWebhookStatus, setChatWebhook, setChatWebhookInput } from "../../services/notify/notify-settings";

/** Settings -> Notifications: the chat webhook of "Notify a person" steps. The URL goes in, never out. */
export const notifyRouter = router({
  /** Whether a webhook is set (designers see it in the step's inspector); never the URL. */
  status: designerProcedure.query(({ ctx }) => chatWebhookStatus(ctx.db)),
  setChatWebhook: adminProcedure.input(setChatWebhookInput).mutation(async ({ ctx, input }) => {
    await setChatWebhook(ctx.db, ctx.box, input);
    await audit(ctx, "notify.chat_webhook", "notify.chatWebhookUrl", input.url === "" ? "removed" : "set");
    return chatWebhookStatus(ctx.db);
  }),
});
