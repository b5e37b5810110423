import { completeBrowserStep } from "@/lib/checkout/complete-browser-step";
import { browserStepPage } from "@/lib/checkout/browser-step-page";
import { BODY_LIMITS } from "@/lib/http/request-body";
import { internalError, readForm } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Where the issuer's ACS posts the end of a 3DS method (/3ds/method) or challenge
// (/3ds/challenge), cross-origin, from inside our page's iframe.
export async function POST(request: Request, context: { params: Promise<{ sessionId: string; step: string }> }): Promise<Response> {
  try {
    const { sessionId, step } = await context.params;
    if (step !== "method" && step !== "challenge") return browserStepPage(404, "This page does not exist.");
    const url = new URL(request.url);
    const form = await readForm(request, BODY_LIMITS.threeDsStep);
    if (!form.ok) return browserStepPage(form.error.status, "The verification answer could not be read.");
    const result = await completeBrowserStep({ sessionId, operationId: url.searchParams.get("op") ?? "", token: url.searchParams.get("t") ?? "", step, fields: form.value });
    if (!result.ok) return browserStepPage(404, "This verification is not known.");
    return browserStepPage(200, step === "method" ? "Device check complete." : "Thank you. Finishing your payment…");
  } catch (e) {
    internalError(e, "POST /pay/:sessionId/3ds/:step");
    return browserStepPage(500, "Something went wrong on our side. Your payment page will show what happens next.");
  }
}
