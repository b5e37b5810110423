import { completeBrowserStep } from "@/lib/checkout/complete-browser-step";
import { browserStepPage } from "@/lib/checkout/browser-step-page";
import { stepPageTexts } from "@/lib/checkout/session-locale";
import { BODY_LIMITS } from "@/lib/http/request-body";
import { internalError, readForm } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Where the issuer's ACS posts the end of a 3DS method (/3ds/method) or challenge
// (/3ds/challenge), cross-origin, from inside our page's iframe. It answers in the
// payment page's language (the session's, else the browser's: a cross-site post carries
// no SameSite=Lax cookie).
export async function POST(request: Request, context: { params: Promise<{ sessionId: string; step: string }> }): Promise<Response> {
  const { sessionId, step } = await context.params;
  const { lang, t } = await stepPageTexts(sessionId, request.headers.get("accept-language"));
  const page = (status: number, message: string) => browserStepPage(status, { lang, title: t.title, message });
  try {
    if (step !== "method" && step !== "challenge") return page(404, t.notFound);
    const url = new URL(request.url);
    const form = await readForm(request, BODY_LIMITS.threeDsStep);
    if (!form.ok) return page(form.error.status, t.unreadable);
    const result = await completeBrowserStep({ sessionId, operationId: url.searchParams.get("op") ?? "", token: url.searchParams.get("t") ?? "", step, fields: form.value });
    if (!result.ok) return page(404, t.unknown);
    return page(200, step === "method" ? t.methodDone : t.challengeDone);
  } catch (e) {
    internalError(e, "POST /pay/:sessionId/3ds/:step");
    return page(500, t.error);
  }
}
