/** The Calendar feeds page's buttons: turn a feed on, give it a new link, turn it off. */
import { z } from "zod";
import { FEED_SCOPES } from "~/domain/calendar/feeds";

export const FeedChangeSchema = z.object({
  intent: z.enum(["turn-on", "new-link", "turn-off"]),
  scope: z.enum(FEED_SCOPES),
});

export type FeedChange = z.infer<typeof FeedChangeSchema>;
