import { z } from "zod";

/** +1 thumbs up, -1 thumbs down. */
export type Rating = 1 | -1;

/** The body of POST /api/playground/feedback. */
export const feedbackInputSchema = z.object({
  requestId: z.string().regex(/^req_[A-Za-z0-9_-]+$/, "not a request id").max(200),
  rating: z.union([z.literal(1), z.literal(-1)]),
});

export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

export interface FeedbackView {
  requestId: string;
  rating: Rating;
  updatedAt: Date;
}
