import { z } from "zod";
import { EndpointUrl } from "./endpoint-url";

export const ROTATION_OVERLAP_DEFAULT_SECONDS = 24 * 60 * 60;
const ROTATION_OVERLAP_MAX_SECONDS = 7 * 24 * 60 * 60;

export const CreateEndpointInput = z
  .object({
    url: EndpointUrl,
    description: z.string().trim().max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type CreateEndpointInput = z.infer<typeof CreateEndpointInput>;

export const UpdateEndpointInput = z
  .object({
    url: EndpointUrl.optional(),
    description: z.string().trim().max(200).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointInput>;

export const RotateSecretInput = z
  .object({
    // How long the previous secret keeps signing alongside the new one.
    expires_in_seconds: z.number().int().min(0).max(ROTATION_OVERLAP_MAX_SECONDS).optional(),
  })
  .strict();
export type RotateSecretInput = z.infer<typeof RotateSecretInput>;
